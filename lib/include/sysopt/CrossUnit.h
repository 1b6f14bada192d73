//===- CrossUnit.h - repeated paths that cross translation units ----------===//
//
// A loop in one file often calls the work in another: faiss's paged add
// loop in GpuIndex.cu reaches the allocations of IVFBase.cu, a pybind11
// module file binds operators defined elsewhere. One translation unit cannot
// see that; sysopt-scan's whole-program pass can, in two steps:
//
//  1. With SYSOPT_CROSS_UNIT_EXPORT=<file>, each unit appends its summary to
//     <file>, one JSON object per line: the user functions it defines
//     ({"fn"}: key, qualified name, place, whether its name says setup,
//     whether it is an entry point, the methods it overrides), its calls
//     between user functions ({"call"}: caller, callee, place, in a
//     repeating loop or handed to a per-element algorithm), and the
//     functions in which a check had a candidate but found no repeated path
//     in the unit ({"held"}: key, check).
//  2. The scanner joins the summaries into one call graph, finds the
//     functions a loop, algorithm or entry point reaches through at most
//     CallDepth calls across files, and re-runs the units where a held
//     candidate lies in one of them, with SYSOPT_CROSS_UNIT_PATHS=<file>:
//     {"paths": {key: description}}. whyFunctionRepeated then answers with a
//     Kind::External path when the unit alone sees none.
//
// Keys are USRs (clang's unified symbol resolution names, the same in every
// unit), of the template pattern for instantiations. Without the variables
// nothing is written or read.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_CROSSUNIT_H
#define SYSOPT_CROSSUNIT_H

#include "sysopt/AnalysisScope.h"
#include "sysopt/UserCode.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace sysopt {
class CallGraph;

namespace crossunit {

/// Whether this process writes summaries (SYSOPT_CROSS_UNIT_EXPORT is set).
bool exporting();

/// The name of `FD` in every unit; empty when it has none.
std::string functionKey(const clang::FunctionDecl &FD);

/// Appends the unit's functions and calls, once per translation unit
/// (however many checks ask).
void exportUnit(clang::ASTContext &Ctx, UserCodeFilter &UserCode,
                const FunctionNameList &EntryPoints,
                llvm::ArrayRef<std::string> SetupWords);

/// Records that `Check` had a candidate in `Fn` with no repeated path in the
/// unit.
void noteHeld(const clang::FunctionDecl &Fn, llvm::StringRef Check);

/// The path through other units that reaches `Fn`, as the scanner described
/// it, when SYSOPT_CROSS_UNIT_PATHS names one.
std::optional<std::string> externalPath(const clang::FunctionDecl &Fn);

} // namespace crossunit
} // namespace sysopt

#endif
