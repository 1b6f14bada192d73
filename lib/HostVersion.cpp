#include "sysopt/HostVersion.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

namespace sysopt {

std::string LLVMVersion::str() const {
  return std::to_string(Major) + "." + std::to_string(Minor) + "." +
         std::to_string(Patch);
}

std::optional<LLVMVersion> parseClangFullVersion(llvm::StringRef Full) {
  size_t Pos = Full.find("version ");
  if (Pos == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef Rest = Full.drop_front(Pos + 8);
  LLVMVersion V;
  unsigned *Parts[] = {&V.Major, &V.Minor, &V.Patch};
  for (unsigned I = 0; I < 3; ++I) {
    size_t Digits = Rest.find_first_not_of("0123456789");
    llvm::StringRef Num = Rest.take_front(Digits);
    if (Num.empty() || Num.getAsInteger(10, *Parts[I]))
      return I == 0 ? std::nullopt : std::optional<LLVMVersion>(V);
    Rest = Rest.drop_front(Num.size());
    if (!Rest.consume_front("."))
      break;
  }
  return V;
}

std::optional<std::string> pluginHostMismatch(llvm::StringRef BuiltFor,
                                              llvm::StringRef HostFullVersion) {
  std::optional<LLVMVersion> Built =
      parseClangFullVersion("version " + BuiltFor.str());
  std::optional<LLVMVersion> Host = parseClangFullVersion(HostFullVersion);
  if (Built && Host && Built->Major == Host->Major)
    return std::nullopt;
  std::string HostText =
      Host ? "LLVM " + Host->str() : "an unknown LLVM version";
  return "the sysopt-tidy plugin was built for clang-tidy of LLVM " +
         BuiltFor.str() + ", but it was loaded into a clang-tidy of " +
         HostText + " (\"" + HostFullVersion.str() +
         "\"); its checks cannot run there. Load it into clang-tidy-" +
         (Built ? std::to_string(Built->Major) : std::string("?")) +
         ", or run the sysopt-tidy driver, which has the checks built in";
}

bool hasResourceDirNextToBinary(const char *Argv0) {
  std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&hasResourceDirNextToBinary));
  if (Exe.empty())
    return false;
  llvm::SmallString<256> Dir(llvm::sys::path::parent_path(Exe));
  llvm::sys::path::append(Dir, "..", "lib", "clang",
                          std::to_string(SYSOPT_LLVM_VERSION_MAJOR));
  return llvm::sys::fs::is_directory(Dir);
}

} // namespace sysopt
