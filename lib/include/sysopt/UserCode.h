//===- UserCode.h - which code do findings belong to ----------------------===//
//
// clang-tidy 22 reports in every non-system header by default, which floods
// users with findings in third-party headers (libtorch is included with -I).
// sysopt checks report only in code the user owns:
//   - the main file;
//   - non-system headers inside the main file's project (the nearest
//     ancestor directory holding .git, else the main file's directory), not
//     under a directory named third_party, third-party, thirdparty, vendor,
//     external or _deps;
//   - or, when the UserHeaderRegex option is set, exactly the headers whose
//     path matches it (plus the main file).
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_USERCODE_H
#define SYSOPT_USERCODE_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Regex.h"
#include <optional>
#include <string>

namespace sysopt {

class UserCodeFilter {
public:
  /// An empty regex selects the project heuristic above. An invalid regex is
  /// reported through `Error` and treated as empty.
  explicit UserCodeFilter(llvm::StringRef UserHeaderRegex = "");

  /// Whether a finding at `Loc` (a macro location counts where it expands)
  /// belongs to the user.
  bool isUserCode(clang::SourceLocation Loc, const clang::SourceManager &SM);

  llvm::StringRef regexError() const { return Error; }

  /// The project root that the heuristic uses for a main file at `MainPath`.
  static std::string projectRootFor(llvm::StringRef MainPath);
  /// Whether `Path` lies in a conventional third-party directory below `Root`.
  static bool isThirdPartyPath(llvm::StringRef Path, llvm::StringRef Root);

private:
  bool computeIsUser(clang::FileID FID, const clang::SourceManager &SM);

  std::optional<llvm::Regex> HeaderRegex;
  std::string Error;
  std::string Root; // per main file, computed lazily
  clang::FileID RootFor;
  llvm::DenseMap<clang::FileID, bool> Cache;
};

} // namespace sysopt

#endif
