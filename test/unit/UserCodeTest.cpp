#include "sysopt/UserCode.h"
#include "gtest/gtest.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

using namespace sysopt;

TEST(UserCode, ThirdPartyDirectories) {
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/third_party/x/a.h", "/p"));
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/src/vendor/a.h", "/p"));
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/build/_deps/fmt/a.h", "/p"));
  EXPECT_FALSE(UserCodeFilter::isThirdPartyPath("/p/src/engine/a.h", "/p"));
  // Only components below the root count.
  EXPECT_FALSE(UserCodeFilter::isThirdPartyPath("/vendor/p/src/a.h", "/vendor/p"));
}

TEST(UserCode, VendoredSingleHeaderLibraries) {
  // whisper.cpp keeps cpp-httplib in examples/server/httplib.h.
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/examples/server/httplib.h", "/p"));
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/common/json.hpp", "/p"));
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/3rdparty/cutlass/a.h", "/p"));
  EXPECT_TRUE(UserCodeFilter::isThirdPartyPath("/p/3rd_party/flatbuffers/util.h", "/p"));
  EXPECT_FALSE(UserCodeFilter::isThirdPartyPath("/p/src/httplib_server.h", "/p"));
}

TEST(UserCode, ProjectRootIsTheNearestGitDirectory) {
  llvm::SmallString<128> Dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("sysopt-usercode", Dir));
  llvm::SmallString<128> Git(Dir), Src(Dir);
  llvm::sys::path::append(Git, ".git");
  llvm::sys::path::append(Src, "src", "engine");
  ASSERT_FALSE(llvm::sys::fs::create_directories(Git));
  ASSERT_FALSE(llvm::sys::fs::create_directories(Src));
  llvm::SmallString<128> Main(Src);
  llvm::sys::path::append(Main, "main.cpp");
  llvm::SmallString<128> Real;
  llvm::sys::fs::real_path(Dir, Real);
  std::string Root = UserCodeFilter::projectRootFor(Main);
  llvm::SmallString<128> RealRoot;
  llvm::sys::fs::real_path(Root, RealRoot);
  EXPECT_EQ(RealRoot, Real);
  llvm::sys::fs::remove_directories(Dir);
}

TEST(UserCode, InvalidRegexIsReported) {
  UserCodeFilter F("([unclosed");
  EXPECT_FALSE(F.regexError().empty());
  UserCodeFilter G("src/.*");
  EXPECT_TRUE(G.regexError().empty());
}
