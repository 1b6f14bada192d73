//===- NvccCommand.cpp ----------------------------------------------------===//
#include "sysopt/NvccCommand.h"
#include "clang/Basic/OffloadArch.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/CompilationDatabasePluginRegistry.h"
#include "clang/Tooling/JSONCompilationDatabase.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/VirtualFileSystem.h"
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

using namespace clang;
using namespace clang::tooling;

namespace sysopt {
namespace {

enum class Action {
  Drop,         // nvcc-only (device code generation, nvcc's own driver)
  GpuArch,      // -arch: virtual or real architectures
  GpuCode,      // -code: real architectures
  GenCode,      // -gencode arch=...,code=...
  HostOptions,  // -Xcompiler: comma-separated host compiler options
  OptionsFile,  // --options-file: more nvcc arguments
  Language,     // -x cu
  Std,          // --std c++17
  WerrorKinds,  // nvcc's -Werror takes its own warning kinds
  DefaultStream,
  Spell,        // the same meaning under clang's spelling: Clang + value
  CompileOnly,  // -ptx...: for host analysis, a compile
  Relocatable,  // -rdc=true: clang wants -fgpu-rdc for device-side launches
  RelocatableCompile, // -dc: -c with -rdc=true
};

struct NvccOption {
  const char *Long;
  const char *Short; // nullptr when nvcc has no short name
  bool TakesValue;
  Action Do;
  const char *Clang = nullptr; // for Spell
};

// nvcc's options (CUDA 13 `nvcc --help`) that clang does not understand or
// that mean something else to it. Both spellings take one or two dashes and
// `=value` or a separate value, as nvcc does. Everything not listed is a
// host compiler option nvcc forwards (-I, -D, -O2, -fPIC...) and is kept.
const NvccOption Options[] = {
    {"gpu-architecture", "arch", true, Action::GpuArch},
    {"gpu-code", "code", true, Action::GpuCode},
    {"generate-code", "gencode", true, Action::GenCode},
    {"compiler-options", "Xcompiler", true, Action::HostOptions},
    {"options-file", "optf", true, Action::OptionsFile},
    {"x", nullptr, true, Action::Language},
    {"std", nullptr, true, Action::Std},
    {"Werror", nullptr, true, Action::WerrorKinds},
    {"default-stream", nullptr, true, Action::DefaultStream},
    // Long spellings of options clang knows by their short name.
    {"include-path", nullptr, true, Action::Spell, "-I"},
    {"system-include", "isystem", true, Action::Spell, "-isystem"},
    {"define-macro", nullptr, true, Action::Spell, "-D"},
    {"undefine-macro", nullptr, true, Action::Spell, "-U"},
    {"pre-include", nullptr, true, Action::Spell, "-include"},
    {"output-file", nullptr, true, Action::Spell, "-o"},
    {"optimize", nullptr, true, Action::Spell, "-O"},
    {"dependency-output", nullptr, true, Action::Spell, "-MF"},
    {"machine", nullptr, true, Action::Spell, "-m"},
    {"compile", nullptr, false, Action::Spell, "-c"},
    {"debug", nullptr, false, Action::Spell, "-g"},
    {"preprocess", nullptr, false, Action::Spell, "-E"},
    // Output kinds other than an object: analysed as a compile.
    {"device-c", "dc", false, Action::RelocatableCompile},
    {"device-w", "dw", false, Action::CompileOnly},
    {"ptx", nullptr, false, Action::CompileOnly},
    {"cubin", nullptr, false, Action::CompileOnly},
    {"fatbin", nullptr, false, Action::CompileOnly},
    {"optix-ir", nullptr, false, Action::CompileOnly},
    {"cuda", nullptr, false, Action::CompileOnly},
    // Options for the other tools of nvcc's pipeline.
    {"linker-options", "Xlinker", true, Action::Drop},
    {"ptxas-options", "Xptxas", true, Action::Drop},
    {"nvlink-options", "Xnvlink", true, Action::Drop},
    {"archive-options", "Xarchive", true, Action::Drop},
    {"fatbin-options", "Xfatbin", true, Action::Drop},
    {"Xcudafe", nullptr, true, Action::Drop},
    {"Xcicc", nullptr, true, Action::Drop},
    {"compiler-bindir", "ccbin", true, Action::Drop},
    {"forward-unknown-to-host-compiler", "forward-unknown-opts", false,
     Action::Drop},
    {"forward-unknown-to-host-linker", "forward-unknown-to-host-linker", false,
     Action::Drop},
    // Device code generation: clang's host pass has no use for it.
    {"expt-relaxed-constexpr", nullptr, false, Action::Drop},
    {"expt-extended-lambda", nullptr, false, Action::Drop},
    {"extended-lambda", nullptr, false, Action::Drop},
    {"use_fast_math", nullptr, false, Action::Drop},
    {"relocatable-device-code", "rdc", true, Action::Relocatable},
    {"device-link", "dlink", false, Action::Drop},
    {"threads", "t", true, Action::Drop},
    {"split-compile", nullptr, true, Action::Drop},
    {"generate-line-info", "lineinfo", false, Action::Drop},
    {"device-debug", "G", false, Action::Drop},
    {"maxrregcount", nullptr, true, Action::Drop},
    {"ftz", nullptr, true, Action::Drop},
    {"prec-div", nullptr, true, Action::Drop},
    {"prec-sqrt", nullptr, true, Action::Drop},
    {"fmad", nullptr, true, Action::Drop},
    {"dlink-time-opt", "dlto", false, Action::Drop},
    {"gen-opt-lto", nullptr, false, Action::Drop},
    {"extensible-whole-program", "ewp", false, Action::Drop},
    {"cudart", nullptr, true, Action::Drop},
    {"cudadevrt", nullptr, true, Action::Drop},
    {"keep", nullptr, false, Action::Drop},
    {"keep-dir", nullptr, true, Action::Drop},
    {"save-temps", nullptr, false, Action::Drop},
    {"keep-device-functions", nullptr, false, Action::Drop},
    {"source-in-ptx", "src-in-ptx", false, Action::Drop},
    {"resource-usage", "res-usage", false, Action::Drop},
    {"restrict", nullptr, false, Action::Drop},
    {"extra-device-vectorization", nullptr, false, Action::Drop},
    {"allow-expensive-optimizations", nullptr, true, Action::Drop},
    {"static-global-template-stub", nullptr, true, Action::Drop},
    {"device-entity-has-hidden-visibility", nullptr, true, Action::Drop},
    {"compress-mode", nullptr, true, Action::Drop},
    {"no-compress", nullptr, false, Action::Drop},
    {"no-host-device-initializer-list", "nohdinitlist", false, Action::Drop},
    {"no-host-device-move-forward", "nohdmoveforward", false, Action::Drop},
    {"allow-unsupported-compiler", nullptr, false, Action::Drop},
    {"entries", nullptr, true, Action::Drop},
    {"time", nullptr, true, Action::Drop},
    {"fdevice-syntax-only", nullptr, false, Action::Drop},
    {"fdevice-time-trace", nullptr, true, Action::Drop},
    {"jump-table-density", nullptr, true, Action::Drop},
    {"dopt", nullptr, true, Action::Drop},
    {"lib", nullptr, false, Action::Drop},
    {"link", nullptr, false, Action::Drop},
    {"run", nullptr, false, Action::Drop},
    {"dryrun", nullptr, false, Action::Drop},
    {"verbose", "v", false, Action::Drop},
    {"list-gpu-arch", nullptr, false, Action::Drop},
    {"list-gpu-code", nullptr, false, Action::Drop},
    {"library", nullptr, true, Action::Drop},
    {"library-path", nullptr, true, Action::Drop},
    // Diagnostics of nvcc's front end.
    {"diag-suppress", nullptr, true, Action::Drop},
    {"diag-warn", nullptr, true, Action::Drop},
    {"diag-error", nullptr, true, Action::Drop},
    {"diag-default", nullptr, true, Action::Drop},
    {"display-error-number", "err-no", false, Action::Drop},
    {"no-display-error-number", "no-err-no", false, Action::Drop},
    {"Wno-deprecated-gpu-targets", nullptr, false, Action::Drop},
    {"Wext-lambda-captures-this", nullptr, false, Action::Drop},
    {"Wdefault-stream-launch", nullptr, false, Action::Drop},
    {"Wmissing-launch-bounds", nullptr, false, Action::Drop},
    {"Wreorder", nullptr, false, Action::Drop},
    {"disable-warnings", "w", false, Action::Spell, "-w"},
};

const NvccOption *lookup(llvm::StringRef Name) {
  for (const NvccOption &O : Options)
    if (Name == O.Long || (O.Short && Name == O.Short))
      return &O;
  return nullptr;
}

llvm::StringRef programName(llvm::StringRef Path) {
  llvm::StringRef Name = llvm::sys::path::filename(Path);
  Name.consume_back(".exe");
  return Name;
}

bool isLauncher(llvm::StringRef Path) {
  return llvm::is_contained({"ccache", "sccache", "distcc", "icecc", "buildcache"},
                            programName(Path));
}

// nvcc's warning kinds for -Werror.
bool isNvccWarningKindList(llvm::StringRef V) {
  llvm::SmallVector<llvm::StringRef> Kinds;
  V.split(Kinds, ',');
  return llvm::all_of(Kinds, [](llvm::StringRef K) {
    return llvm::is_contained({"cross-execution-space-call", "reorder",
                               "default-stream-launch", "missing-launch-bounds",
                               "ext-lambda-captures-this",
                               "deprecated-declarations", "all-warnings"},
                              K);
  });
}

// The newest /usr/lib/gcc/<triple>/<version>/include that has omp.h.
static std::string gccIncludeDir() {
  static const std::string Dir = [] {
    std::string Best;
    unsigned BestVersion = 0;
    std::error_code EC;
    for (llvm::sys::fs::directory_iterator Triple("/usr/lib/gcc", EC), End;
         !EC && Triple != End; Triple.increment(EC))
      for (llvm::sys::fs::directory_iterator V(Triple->path(), EC);
           !EC && V != End; V.increment(EC)) {
        unsigned Version = 0;
        if (llvm::StringRef(llvm::sys::path::filename(V->path()))
                .consumeInteger(10, Version))
          continue;
        llvm::SmallString<256> Omp(V->path());
        llvm::sys::path::append(Omp, "include", "omp.h");
        if (Version > BestVersion && llvm::sys::fs::exists(Omp)) {
          BestVersion = Version;
          Best = std::string(llvm::sys::path::parent_path(Omp));
        }
      }
    return Best;
  }();
  return Dir;
}


class Translator {
public:
  Translator(const NvccTranslationOptions &Opts, llvm::StringRef Directory)
      : Opts(Opts), Directory(Directory) {}

  std::vector<std::string> run(llvm::ArrayRef<std::string> Args) {
    size_t First = 0;
    while (First < Args.size() && isLauncher(Args[First]))
      ++First;
    std::string Nvcc = First < Args.size() ? Args[First] : "nvcc";
    Out.push_back(Opts.ClangPath.empty() ? "clang++" : Opts.ClangPath);
    std::vector<std::string> Rest(Args.begin() + std::min(First + 1, Args.size()),
                                  Args.end());
    translate(Rest, /*Depth=*/0);
    if (IsCuda)
      addCudaHostFlags(Nvcc);
    return std::move(Out);
  }

private:
  void translate(llvm::ArrayRef<std::string> Args, unsigned Depth) {
    for (size_t I = 0; I < Args.size(); ++I) {
      llvm::StringRef Arg = Args[I];
      if (!Arg.starts_with("-") || Arg == "-") {
        notePositional(Arg);
        Out.push_back(Arg.str());
        continue;
      }
      llvm::StringRef Body = Arg.drop_while([](char C) { return C == '-'; });
      auto [Name, Attached] = Body.split('=');
      bool HasAttached = Body.contains('=');
      const NvccOption *O = lookup(Name);
      if (!O) {
        // `-xcu`: the language glued to -x.
        if (Arg.starts_with("-x") && Arg.size() > 2 && !Arg.starts_with("-x=")) {
          setLanguage(Arg.drop_front(2));
          continue;
        }
        Out.push_back(Arg.str());
        continue;
      }
      std::string Value;
      if (O->TakesValue) {
        if (HasAttached)
          Value = Attached.str();
        else if (O->Do == Action::WerrorKinds &&
                 (I + 1 >= Args.size() || !isNvccWarningKindList(Args[I + 1])))
          continue; // a bare -Werror is not nvcc's: nvcc rejects it
        else if (I + 1 < Args.size())
          Value = Args[++I];
        else
          continue;
      }
      apply(*O, Value, Depth);
    }
  }

  void apply(const NvccOption &O, llvm::StringRef Value, unsigned Depth) {
    switch (O.Do) {
    case Action::Drop:
    case Action::WerrorKinds:
      if (llvm::StringRef(O.Long) == "compiler-bindir" &&
          programName(Value).contains("clang"))
        HostCompilerIsClang = true;
      return;
    case Action::GpuArch:
    case Action::GpuCode:
      addArchList(Value);
      return;
    case Action::GenCode:
      addGenCode(Value);
      return;
    case Action::HostOptions: {
      // Split at commas, as nvcc does; nvcc hands the host compiler the
      // rest through a shell, so `-Xcompiler "-Wall -Wextra"` is two.
      llvm::SmallVector<llvm::StringRef> Parts;
      Value.split(Parts, ',', -1, /*KeepEmpty=*/false);
      for (llvm::StringRef P : Parts) {
        llvm::BumpPtrAllocator Alloc;
        llvm::StringSaver Saver(Alloc);
        llvm::SmallVector<const char *> Tokens;
        llvm::cl::TokenizeGNUCommandLine(P, Saver, Tokens);
        for (const char *T : Tokens)
          Out.push_back(T);
      }
      return;
    }
    case Action::OptionsFile:
      expandOptionsFile(Value, Depth);
      return;
    case Action::Language:
      setLanguage(Value);
      return;
    case Action::Std:
      Out.push_back(("-std=" + Value).str());
      return;
    case Action::DefaultStream:
      // nvcc defines this for the host pass of --default-stream per-thread.
      if (Value == "per-thread")
        Out.push_back("-DCUDA_API_PER_THREAD_DEFAULT_STREAM=1");
      return;
    case Action::Spell: {
      llvm::StringRef Flag = O.Clang;
      if (!O.TakesValue)
        Out.push_back(Flag.str());
      else if (Flag == "-isystem" || Flag == "-include" || Flag == "-o" ||
               Flag == "-MF") {
        Out.push_back(Flag.str());
        Out.push_back(Value.str());
      } else {
        Out.push_back((Flag + Value).str());
      }
      return;
    }
    case Action::CompileOnly:
      Out.push_back("-c");
      return;
    case Action::RelocatableCompile:
      Out.push_back("-c");
      [[fallthrough]];
    case Action::Relocatable:
      // Without it clang rejects kernel launches from device code (dynamic
      // parallelism: cuda-samples' cdp*).
      if ((O.Do == Action::RelocatableCompile || Value == "true") && !Rdc) {
        Rdc = true;
        Out.push_back("-fgpu-rdc");
      }
      return;
    }
  }

  void setLanguage(llvm::StringRef Lang) {
    if (Lang == "cu") {
      IsCuda = true;
      Out.push_back("-x");
      Out.push_back("cuda");
      return;
    }
    ExplicitNonCuda = true;
    Out.push_back("-x");
    Out.push_back(Lang.str());
  }

  void notePositional(llvm::StringRef Arg) {
    if (!ExplicitNonCuda &&
        (Arg.ends_with(".cu") || Arg.ends_with(".cuh")))
      IsCuda = true;
  }

  void addArch(llvm::StringRef A) {
    A = A.trim().trim("\"'");
    std::string Real = A.str();
    if (A.consume_front("compute_") || A.consume_front("lto_"))
      Real = ("sm_" + A).str();
    OffloadArch Arch = StringToOffloadArch(Real);
    // Unknown to this clang (or "native", "all"): the host pass does not
    // need an architecture, clang's default serves.
    if (Arch == OffloadArch::UNKNOWN || !IsNVIDIAOffloadArch(Arch))
      return;
    if (Archs.insert(Real).second)
      Out.push_back("--cuda-gpu-arch=" + Real);
  }

  void addArchList(llvm::StringRef V) {
    V = V.trim().trim("[]\"'");
    llvm::SmallVector<llvm::StringRef> Parts;
    V.split(Parts, ',', -1, false);
    for (llvm::StringRef P : Parts)
      addArch(P.trim("[]"));
  }

  // arch=compute_80,code=[compute_80,sm_80] or arch=compute_80,code=sm_80
  void addGenCode(llvm::StringRef V) {
    V = V.trim().trim("\"'");
    size_t CodeAt = V.find("code=");
    llvm::StringRef ArchPart = V.take_front(CodeAt).trim(", ");
    llvm::StringRef CodePart =
        CodeAt == llvm::StringRef::npos ? "" : V.drop_front(CodeAt + 5);
    size_t Before = Archs.size();
    addArchList(CodePart);
    if (Archs.size() == Before && ArchPart.consume_front("arch="))
      addArchList(ArchPart);
  }

  void expandOptionsFile(llvm::StringRef File, unsigned Depth) {
    if (Depth > 8)
      return;
    llvm::SmallString<256> Path(File);
    if (!llvm::sys::path::is_absolute(Path) && !Directory.empty()) {
      llvm::SmallString<256> Abs(Directory);
      llvm::sys::path::append(Abs, File);
      Path = Abs;
    }
    auto Buffer = llvm::MemoryBuffer::getFile(Path);
    if (!Buffer)
      return;
    llvm::BumpPtrAllocator Alloc;
    llvm::StringSaver Saver(Alloc);
    llvm::SmallVector<const char *> Tokens;
    llvm::cl::TokenizeGNUCommandLine((*Buffer)->getBuffer(), Saver, Tokens);
    std::vector<std::string> Args(Tokens.begin(), Tokens.end());
    translate(Args, Depth + 1);
  }

  std::string cudaRoot(llvm::StringRef Nvcc) const {
    if (!Opts.CudaPath.empty())
      return Opts.CudaPath;
    llvm::SmallString<256> Bin(Nvcc);
    if (!llvm::sys::path::is_absolute(Bin))
      return "";
    llvm::sys::path::remove_filename(Bin); // .../bin
    llvm::sys::path::remove_filename(Bin); // the toolkit
    llvm::SmallString<256> Header(Bin);
    llvm::sys::path::append(Header, "include", "cuda_runtime.h");
    return llvm::sys::fs::exists(Header) ? std::string(Bin) : "";
  }

  void addCudaHostFlags(llvm::StringRef Nvcc) {
    Out.push_back("--cuda-host-only");
    Out.push_back("-nocudalib");
    Out.push_back("-Wno-unknown-cuda-version");
    std::string Root = cudaRoot(Nvcc);
    if (Root.empty())
      Root = "/usr/local/cuda"; // where clang looks first, too
    else
      Out.push_back("--cuda-path=" + Root);
    // CUDA 13 moved Thrust, CUB and libcu++ here; nvcc.profile adds it.
    llvm::SmallString<256> Cccl(Root);
    llvm::sys::path::append(Cccl, "include", "cccl");
    if (llvm::sys::fs::is_directory(Cccl)) {
      Out.push_back("-isystem");
      Out.push_back(std::string(Cccl));
    }
    // nvcc's host compiler is GCC, whose own headers have what clang's
    // resource directory lacks (omp.h: cuda-samples include it without
    // -fopenmp). Searched after everything else, so clang's own win.
    if (!HostCompilerIsClang) {
      std::string GccInclude = gccIncludeDir();
      if (!GccInclude.empty()) {
        Out.push_back("-idirafter");
        Out.push_back(GccInclude);
      }
    }
    if (!Opts.PreludePath.empty()) {
      Out.push_back("-include");
      Out.push_back(Opts.PreludePath);
    }
  }

  const NvccTranslationOptions &Opts;
  llvm::StringRef Directory;
  std::vector<std::string> Out;
  llvm::StringSet<> Archs;
  bool IsCuda = false;
  bool ExplicitNonCuda = false;
  bool HostCompilerIsClang = false;
  bool Rdc = false;
};

} // namespace

bool isNvccCommand(llvm::ArrayRef<std::string> Args) {
  for (const std::string &A : Args) {
    if (isLauncher(A))
      continue;
    return programName(A) == "nvcc";
  }
  return false;
}

std::vector<std::string>
translateNvccCommand(llvm::ArrayRef<std::string> Args,
                     const NvccTranslationOptions &Opts,
                     llvm::StringRef Directory) {
  return Translator(Opts, Directory).run(Args);
}

std::string findCudaPrelude() {
  const char *Env = std::getenv("SYSOPT_CUDA_PRELUDE");
  if (Env && llvm::is_contained({"0", "off", "no", "false"},
                                llvm::StringRef(Env).lower()))
    return "";
  llvm::SmallVector<std::string, 2> Candidates;
  // Next to the binary that holds this code: bin/ or lib/ of an install or
  // of the build tree, both with share/sysopt-tidy beside them.
  Dl_info Info;
  if (dladdr(reinterpret_cast<void *>(&findCudaPrelude), &Info) &&
      Info.dli_fname) {
    llvm::SmallString<256> Dir(Info.dli_fname);
    llvm::sys::fs::make_absolute(Dir);
    llvm::sys::path::remove_filename(Dir);
    llvm::sys::path::append(Dir, "..", "share", "sysopt-tidy");
    llvm::sys::path::append(Dir, "cuda", "sysopt_cuda_prelude.h");
    Candidates.push_back(std::string(Dir));
  }
#ifdef SYSOPT_SOURCE_RESOURCE_DIR
  Candidates.push_back(SYSOPT_SOURCE_RESOURCE_DIR "/cuda/sysopt_cuda_prelude.h");
#endif
  for (const std::string &C : Candidates) {
    llvm::SmallString<256> Real;
    if (!llvm::sys::fs::real_path(C, Real) && llvm::sys::fs::exists(Real))
      return std::string(Real);
  }
  return "";
}

const NvccTranslationOptions &defaultNvccOptions() {
  static const NvccTranslationOptions Opts = [] {
    NvccTranslationOptions O;
#ifdef SYSOPT_LLVM_BINDIR
    O.ClangPath = SYSOPT_LLVM_BINDIR "/clang++";
#else
    O.ClangPath = "clang++";
#endif
    O.PreludePath = findCudaPrelude();
    return O;
  }();
  return Opts;
}

/// A GCC command (g++, c++, gcc, cc, x86_64-linux-gnu-g++-12...), not clang.
static bool isGccCommand(llvm::ArrayRef<std::string> Args) {
  if (Args.empty())
    return false;
  llvm::StringRef Name = llvm::sys::path::filename(Args.front());
  if (Name.contains("clang"))
    return false;
  for (llvm::StringRef Gcc : {"g++", "c++", "gcc", "cc"})
    if (Name == Gcc || Name.ends_with("-" + Gcc.str()) ||
        Name.contains("-" + Gcc.str() + "-") || Name.starts_with(Gcc.str() + "-"))
      return true;
  return false;
}

void adjustNvccCommandLine(std::vector<std::string> &CommandLine,
                           llvm::StringRef Directory) {
  if (isNvccCommand(CommandLine)) {
    CommandLine =
        translateNvccCommand(CommandLine, defaultNvccOptions(), Directory);
    return;
  }
  // GCC's -fopenmp finds omp.h in GCC's own include directory, which clang
  // does not search (Debian's clang has no omp.h without libomp-dev): every
  // OpenMP unit of a GCC build (faiss, xgboost) would stop at its first
  // include. Searched after everything else, so clang's own headers win.
  if (isGccCommand(CommandLine) &&
      llvm::any_of(CommandLine, [](const std::string &A) {
        return llvm::StringRef(A).starts_with("-fopenmp");
      })) {
    std::string GccInclude = gccIncludeDir();
    if (GccInclude.empty())
      return;
    auto End = llvm::find(CommandLine, "--");
    CommandLine.insert(End, {"-idirafter", GccInclude});
  }
}

namespace {

class NvccTranslatingDatabase : public CompilationDatabase {
public:
  explicit NvccTranslatingDatabase(std::unique_ptr<CompilationDatabase> Base)
      : Base(std::move(Base)) {}

  std::vector<CompileCommand>
  getCompileCommands(llvm::StringRef FilePath) const override {
    return adjust(Base->getCompileCommands(FilePath));
  }
  std::vector<std::string> getAllFiles() const override {
    return Base->getAllFiles();
  }
  std::vector<CompileCommand> getAllCompileCommands() const override {
    return adjust(Base->getAllCompileCommands());
  }

private:
  static std::vector<CompileCommand> adjust(std::vector<CompileCommand> Cmds) {
    for (CompileCommand &C : Cmds)
      adjustNvccCommandLine(C.CommandLine, C.Directory);
    return Cmds;
  }
  std::unique_ptr<CompilationDatabase> Base;
};

// clang's JSON loader, with nvcc commands translated before the steps that
// read the command line (header interpolation, target inference).
class NvccAwareJSONPlugin : public CompilationDatabasePlugin {
  std::unique_ptr<CompilationDatabase>
  loadFromDirectory(llvm::StringRef Directory,
                    std::string &ErrorMessage) override {
    llvm::SmallString<1024> Path(Directory);
    llvm::sys::path::append(Path, "compile_commands.json");
    auto Base = JSONCompilationDatabase::loadFromFile(
        Path, ErrorMessage, JSONCommandLineSyntax::AutoDetect);
    if (!Base)
      return nullptr;
    return inferTargetAndDriverMode(inferMissingCompileCommands(
        withNvccTranslation(expandResponseFiles(
            std::move(Base), llvm::vfs::getRealFileSystem()))));
  }
};

using PluginRegistry = llvm::Registry<CompilationDatabasePlugin>;

// The registry keeps its list head private and only appends; clang's JSON
// loader registers first, and the first loader that succeeds wins. An
// explicit instantiation may name private members ([temp.explicit]), which
// gives us the two pointers that putting our loader first needs.
template <typename Tag, typename Tag::Type Member> struct Expose {
  friend typename Tag::Type get(Tag) { return Member; }
};
struct HeadTag {
  using Type = PluginRegistry::node **;
  friend Type get(HeadTag);
};
struct NextTag {
  using Type = PluginRegistry::node *PluginRegistry::node::*;
  friend Type get(NextTag);
};
template struct Expose<HeadTag, &PluginRegistry::Head>;
template struct Expose<NextTag, &PluginRegistry::node::Next>;

} // namespace

std::unique_ptr<CompilationDatabase>
withNvccTranslation(std::unique_ptr<CompilationDatabase> Base) {
  if (!Base)
    return nullptr;
  return std::make_unique<NvccTranslatingDatabase>(std::move(Base));
}

void registerNvccAwareDatabase() {
  static std::once_flag Once;
  std::call_once(Once, [] {
    static PluginRegistry::entry Entry(
        "sysopt-nvcc-json", "compile_commands.json with nvcc commands "
                            "translated for clang",
        [] {
          return std::unique_ptr<CompilationDatabasePlugin>(
              std::make_unique<NvccAwareJSONPlugin>());
        });
    static PluginRegistry::node Node(Entry);
    PluginRegistry::node *&Head = *get(HeadTag());
    if (!Head) {
      PluginRegistry::add_node(&Node);
      return;
    }
    Node.*get(NextTag()) = Head;
    Head = &Node;
  });
}

} // namespace sysopt
