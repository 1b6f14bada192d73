#include "sysopt/UserCode.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace sysopt {

UserCodeFilter::UserCodeFilter(llvm::StringRef UserHeaderRegex) {
  if (UserHeaderRegex.empty())
    return;
  llvm::Regex R(UserHeaderRegex);
  if (R.isValid(Error))
    HeaderRegex.emplace(UserHeaderRegex);
}

std::string UserCodeFilter::projectRootFor(llvm::StringRef MainPath) {
  llvm::SmallString<256> Abs(MainPath);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::StringRef Dir = llvm::sys::path::parent_path(Abs);
  for (llvm::StringRef D = Dir; !D.empty(); D = llvm::sys::path::parent_path(D)) {
    llvm::SmallString<256> Git(D);
    llvm::sys::path::append(Git, ".git");
    if (llvm::sys::fs::exists(Git))
      return D.str();
  }
  return Dir.str();
}

bool UserCodeFilter::isThirdPartyPath(llvm::StringRef Path,
                                      llvm::StringRef Root) {
  llvm::StringRef Rel = Path;
  Rel.consume_front(Root);
  static constexpr llvm::StringLiteral Dirs[] = {
#define SYSOPT_THIRD_PARTY_DIR(Name) Name,
#include "sysopt/ThirdPartyPaths.def"
  };
  static constexpr llvm::StringLiteral Headers[] = {
#define SYSOPT_THIRD_PARTY_HEADER(Name) Name,
#include "sysopt/ThirdPartyPaths.def"
  };
  if (llvm::is_contained(Headers, llvm::sys::path::filename(Rel)))
    return true;
  for (auto It = llvm::sys::path::begin(Rel), End = llvm::sys::path::end(Rel);
       It != End; ++It)
    if (llvm::is_contained(Dirs, *It))
      return true;
  return false;
}

static bool isUnder(llvm::StringRef Path, llvm::StringRef Dir) {
  if (!Path.starts_with(Dir))
    return false;
  llvm::StringRef Rest = Path.drop_front(Dir.size());
  return Rest.empty() || llvm::sys::path::is_separator(Rest.front()) ||
         llvm::sys::path::is_separator(Dir.back());
}

bool UserCodeFilter::computeIsUser(FileID FID, const SourceManager &SM) {
  if (FID == SM.getMainFileID())
    return true;
  if (SrcMgr::isSystem(SM.getFileCharacteristic(SM.getLocForStartOfFile(FID))))
    return false;
  OptionalFileEntryRef Entry = SM.getFileEntryRefForID(FID);
  if (!Entry)
    return false; // <built-in>, <command line>, scratch space
  llvm::SmallString<256> Path(Entry->getName());
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  if (HeaderRegex)
    return HeaderRegex->match(Path);

  if (RootFor != SM.getMainFileID()) {
    RootFor = SM.getMainFileID();
    OptionalFileEntryRef Main = SM.getFileEntryRefForID(RootFor);
    Root = Main ? projectRootFor(Main->getName()) : std::string();
  }
  if (Root.empty() || !isUnder(Path, Root))
    return false;
  return !isThirdPartyPath(Path, Root);
}

bool UserCodeFilter::isUserCode(SourceLocation Loc, const SourceManager &SM) {
  if (Loc.isInvalid())
    return false;
  FileID FID = SM.getFileID(SM.getExpansionLoc(Loc));
  auto [It, Inserted] = Cache.try_emplace(FID, false);
  if (Inserted)
    It->second = computeIsUser(FID, SM);
  return It->second;
}

} // namespace sysopt
