#include "sysopt/HostVersion.h"
#include "gtest/gtest.h"

using namespace sysopt;

TEST(HostVersion, ParsesClangVersionStrings) {
  auto V = parseClangFullVersion("Debian clang version 14.0.6");
  ASSERT_TRUE(V);
  EXPECT_EQ(V->Major, 14u);
  EXPECT_EQ(V->Minor, 0u);
  EXPECT_EQ(V->Patch, 6u);
  V = parseClangFullVersion("clang version 22.1.8 (https://github.com/llvm/llvm-project abc)");
  ASSERT_TRUE(V);
  EXPECT_EQ(V->str(), "22.1.8");
  V = parseClangFullVersion("Ubuntu clang version 18.1.3 (1ubuntu1)");
  ASSERT_TRUE(V);
  EXPECT_EQ(V->Major, 18u);
  EXPECT_FALSE(parseClangFullVersion("no number here"));
  EXPECT_FALSE(parseClangFullVersion("version x"));
}

TEST(HostVersion, SameMajorIsAccepted) {
  EXPECT_FALSE(pluginHostMismatch("22.1.8", "Debian clang version 22.1.8"));
  EXPECT_FALSE(pluginHostMismatch("22.1.8", "clang version 22.1.2"));
}

TEST(HostVersion, OtherMajorNamesBothVersions) {
  auto E = pluginHostMismatch("22.1.8", "Debian clang version 14.0.6");
  ASSERT_TRUE(E);
  EXPECT_NE(E->find("22.1.8"), std::string::npos);
  EXPECT_NE(E->find("14.0.6"), std::string::npos);
  EXPECT_NE(E->find("clang-tidy-22"), std::string::npos);
  E = pluginHostMismatch("22.1.8", "garbage");
  ASSERT_TRUE(E);
  EXPECT_NE(E->find("unknown LLVM version"), std::string::npos);
}
