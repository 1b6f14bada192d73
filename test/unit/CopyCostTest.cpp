#include "sysopt/CopyCost.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace sysopt;

namespace {

const char *Preamble = R"cpp(
#include <string>
#include <vector>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <array>
#include <functional>
namespace c10 { template <class T> struct intrusive_ptr {
  intrusive_ptr(); intrusive_ptr(const intrusive_ptr&); ~intrusive_ptr(); T *p; }; }
namespace at { struct TensorImpl; class Tensor { c10::intrusive_ptr<TensorImpl> impl_; }; }
struct Small { int a, b; float c[4]; };
struct Big { float data[1024]; };
struct Message { std::string prompt; std::vector<int> tokens; int id; };
struct Handle { Handle(const Handle&); int *p; };
struct Nested { Message m; int x; };
struct WithTensor { at::Tensor t; int id; };
struct Batch { at::Tensor t; std::vector<long> ids; };
)cpp";

class CopyCostTest : public ::testing::Test {
protected:
  CopyCost costOf(llvm::StringRef Type, CopyCostOptions Opts = {}) {
    std::string Code = std::string(Preamble) + "using Probe = " + Type.str() +
                       ";\nstatic_assert(sizeof(Probe) > 0, \"complete\");\n";
    std::unique_ptr<ASTUnit> AST = tooling::buildASTFromCodeWithArgs(
        Code, {"-std=c++17"}, "probe.cpp");
    if (!AST)
      return CopyCost::Unknown;
    ASTContext &Ctx = AST->getASTContext();
    QualType T;
    for (const Decl *D : Ctx.getTranslationUnitDecl()->decls())
      if (const auto *TD = dyn_cast<TypedefNameDecl>(D))
        if (TD->getName() == "Probe")
          T = TD->getUnderlyingType();
    CopyCostModel Model(Opts);
    return Model.classify(T, Ctx);
  }
};

TEST_F(CopyCostTest, ContainersAndStringsAreExpensive) {
  EXPECT_EQ(costOf("std::string"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::vector<float>"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::map<int, std::string>"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::function<void()>"), CopyCost::Expensive);
}

TEST_F(CopyCostTest, HandlesAndViewsAreCheap) {
  EXPECT_EQ(costOf("at::Tensor"), CopyCost::Cheap);
  EXPECT_EQ(costOf("std::shared_ptr<std::vector<int>>"), CopyCost::Cheap);
  EXPECT_EQ(costOf("std::string_view"), CopyCost::Cheap);
  EXPECT_EQ(costOf("int"), CopyCost::Cheap);
  EXPECT_EQ(costOf("Small"), CopyCost::Cheap);
  EXPECT_EQ(costOf("WithTensor"), CopyCost::Cheap);
}

TEST_F(CopyCostTest, AggregatesFollowTheirFields) {
  EXPECT_EQ(costOf("Message"), CopyCost::Expensive);
  EXPECT_EQ(costOf("Nested"), CopyCost::Expensive);
  EXPECT_EQ(costOf("Batch"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::optional<std::string>"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::pair<int, std::vector<int>>"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::array<std::string, 2>"), CopyCost::Expensive);
  EXPECT_EQ(costOf("std::pair<int, float>"), CopyCost::Cheap);
}

TEST_F(CopyCostTest, UserProvidedCopyIsUnknown) {
  EXPECT_EQ(costOf("Handle"), CopyCost::Unknown);
}

TEST_F(CopyCostTest, SizeThreshold) {
  EXPECT_EQ(costOf("Big"), CopyCost::Expensive); // 4096 bytes > 256
  CopyCostOptions Opts;
  Opts.SizeThreshold = 8192;
  EXPECT_EQ(costOf("Big", Opts), CopyCost::Cheap);
  Opts.SizeThreshold = 8;
  EXPECT_EQ(costOf("Small", Opts), CopyCost::Expensive);
}

TEST_F(CopyCostTest, UserListsOverrideBuiltins) {
  CopyCostOptions Opts;
  Opts.CheapTypes = "std::basic_string<.*>";
  EXPECT_EQ(costOf("std::string", Opts), CopyCost::Cheap);
  Opts = {};
  Opts.ExpensiveTypes = "Handle";
  EXPECT_EQ(costOf("Handle", Opts), CopyCost::Expensive);
  Opts = {};
  Opts.AllowedTypes = "Message";
  EXPECT_EQ(costOf("Message", Opts), CopyCost::Unknown);
}

TEST_F(CopyCostTest, InvalidRegexIsReported) {
  CopyCostOptions Opts;
  Opts.CheapTypes = "([";
  CopyCostModel Model(Opts);
  ASSERT_EQ(Model.errors().size(), 1u);
  EXPECT_NE(Model.errors()[0].find("(["), std::string::npos);
}

} // namespace
