//===- SysoptModule.cpp - the sysopt clang-tidy module --------------------===//
#include "AllocInLoopCheck.h"
#include "FlushInLoopCheck.h"
#include "HoistableComputationCheck.h"
#include "HostTensorToDeviceCheck.h"
#include "MissingCowCheck.h"
#include "PageableAsyncCopyCheck.h"
#include "RedundantCopyCheck.h"
#include "SyncInLoopCheck.h"
#include "UnbatchedKernelLaunchCheck.h"
#include "sysopt/NvccCommand.h"
#include "clang-tidy/ClangTidyModule.h"

namespace sysopt {

class SysoptModule : public clang::tidy::ClangTidyModule {
public:
  void addCheckFactories(clang::tidy::ClangTidyCheckFactories &Factories) override {
    // Sorted by check name.
    Factories.registerCheck<AllocInLoopCheck>("sysopt-alloc-in-loop");
    Factories.registerCheck<FlushInLoopCheck>("sysopt-flush-in-loop");
    Factories.registerCheck<HoistableComputationCheck>(
        "sysopt-hoistable-computation");
    Factories.registerCheck<HostTensorToDeviceCheck>("sysopt-host-tensor-to-device");
    Factories.registerCheck<MissingCowCheck>("sysopt-missing-cow");
    Factories.registerCheck<PageableAsyncCopyCheck>("sysopt-pageable-async-copy");
    Factories.registerCheck<RedundantCopyCheck>("sysopt-redundant-copy");
    Factories.registerCheck<SyncInLoopCheck>("sysopt-sync-in-loop");
    Factories.registerCheck<UnbatchedKernelLaunchCheck>(
        "sysopt-unbatched-kernel-launch");
  }
};

} // namespace sysopt

static clang::tidy::ClangTidyModuleRegistry::Add<sysopt::SysoptModule>
    X("sysopt-module", "sysopt: checks for serial critical paths in AI-infra code.");

// Loading the module (the plugin through --load, or the driver) puts the
// nvcc-aware compile_commands.json loader first: clang-tidy reads the
// database after the plugins are loaded.
[[maybe_unused]] static const bool NvccAwareDatabase =
    (sysopt::registerNvccAwareDatabase(), true);

// Referenced by the driver to keep the module linked in.
volatile int SysoptModuleAnchorSource = 0;
