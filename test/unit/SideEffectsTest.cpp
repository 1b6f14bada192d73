// SideEffects: what a function body may write behind the names of an
// object, the question every fix-it asks before sharing or moving it.
#include "sysopt/SideEffects.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include "gtest/gtest.h"

using namespace clang;
using namespace clang::ast_matchers;
using namespace sysopt;

namespace {

const char *Code = R"cpp(
#include <cstdlib>
#include <string>
#include <vector>
std::vector<int> g_ids;
void opaque();
static void writes_global() { g_ids.clear(); }
static void writes_param(std::vector<int> &v) { v.push_back(1); }
static void calls_writer(std::vector<int> &v) { writes_param(v); }
static void reads_only(const std::vector<int> &v) { (void)v.size(); }
static void sets_env() { setenv("A", "1", 1); }
struct Model {
  std::vector<int> items_;
  void reset() { items_.clear(); }
};

void out_param(std::vector<int> in, std::vector<int> &out) { out.clear(); }
void other_type(std::vector<int> in, std::string &log, double *d) { log += "x"; *d = 1; }
void int_pointer(std::vector<int> in, int *p) { *p = 1; }
void global_write(std::vector<int> in) { writes_global(); }
void through_callee(std::vector<int> in, std::vector<int> &out) { calls_writer(out); }
void local_only(std::vector<int> in) { std::vector<int> tmp; writes_param(tmp); reads_only(in); }
void unknown_call(std::vector<int> in) { opaque(); }
void member_of_this(std::vector<int> in, Model &m) { m.reset(); }
void env(std::vector<int> in) { sets_env(); }
void lambda_callback(std::vector<int> in, std::vector<int> &out) {
  auto f = [&] { out.clear(); };
  f();
}
)cpp";

class SideEffectsTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++17"}, "effects.cpp").release();
  }
  static void TearDownTestSuite() { delete AST; }

  const FunctionDecl *fn(llvm::StringRef Name) {
    auto M = match(functionDecl(hasName(Name), isDefinition()).bind("f"), AST->getASTContext());
    return M.empty() ? nullptr : M[0].getNodeAs<FunctionDecl>("f");
  }
  /// The first effect of the function's body that may change its first
  /// parameter's object if it became a reference.
  std::optional<SideEffects::Change> change(llvm::StringRef Name) {
    const FunctionDecl *F = fn(Name);
    EXPECT_NE(F, nullptr) << Name.str();
    if (!F)
      return std::nullopt;
    SideEffects SE(AST->getASTContext());
    const ParmVarDecl *P = F->getParamDecl(0);
    return SE.firstChangingObject(*P, P->getType(), {F->getBody()}, F);
  }
  static ASTUnit *AST;
};
ASTUnit *SideEffectsTest::AST = nullptr;

TEST_F(SideEffectsTest, WritesThroughCompatibleNames) {
  EXPECT_TRUE(change("out_param"));
  EXPECT_TRUE(change("int_pointer")); // an int * may point at an element
  EXPECT_TRUE(change("global_write"));
  EXPECT_TRUE(change("through_callee"));
  EXPECT_TRUE(change("member_of_this"));
  EXPECT_TRUE(change("lambda_callback"));
}

TEST_F(SideEffectsTest, UnknownCallsMayWriteAnything) {
  std::optional<SideEffects::Change> C = change("unknown_call");
  ASSERT_TRUE(C);
  EXPECT_EQ(C->What.Kind, Effect::Unknown);
  ASSERT_NE(C->What.Callee, nullptr);
  EXPECT_EQ(C->What.Callee->getName(), "opaque");
}

TEST_F(SideEffectsTest, OtherTypesAndLocalsCannot) {
  EXPECT_FALSE(change("other_type"));
  EXPECT_FALSE(change("local_only"));
  EXPECT_FALSE(change("env"));
}

TEST_F(SideEffectsTest, Environment) {
  const FunctionDecl *F = fn("env");
  ASSERT_NE(F, nullptr);
  SideEffects SE(AST->getASTContext());
  std::optional<Effect> E = SE.firstEnvironmentChange({F->getBody()}, F);
  ASSERT_TRUE(E);
  EXPECT_EQ(E->Kind, Effect::Environment);
  EXPECT_FALSE(SE.firstEnvironmentChange({fn("out_param")->getBody()}, fn("out_param")));
}

TEST_F(SideEffectsTest, MayAliasByParts) {
  ASTContext &Ctx = AST->getASTContext();
  const FunctionDecl *F = fn("other_type");
  QualType Vec = F->getParamDecl(0)->getType();
  QualType Str = F->getParamDecl(1)->getType().getNonReferenceType();
  QualType Dbl = F->getParamDecl(2)->getType()->getPointeeType();
  EXPECT_TRUE(mayAlias(Vec, Vec, Ctx));
  EXPECT_TRUE(mayAlias(Ctx.IntTy, Vec, Ctx));
  EXPECT_TRUE(mayAlias(Ctx.CharTy, Vec, Ctx)); // characters alias anything
  EXPECT_FALSE(mayAlias(Str, Vec, Ctx));
  EXPECT_FALSE(mayAlias(Dbl, Vec, Ctx));
}

TEST_F(SideEffectsTest, NotesNameTheCulprit) {
  std::optional<SideEffects::Change> C = change("out_param");
  ASSERT_TRUE(C);
  auto [Loc, Text] = SideEffects::noFixNote(*C, AST->getSourceManager());
  EXPECT_TRUE(Loc.isValid());
  EXPECT_EQ(Text, "no fix: the write through 'out' may modify 'in'");
  C = change("unknown_call");
  ASSERT_TRUE(C);
  EXPECT_EQ(SideEffects::noFixNote(*C, AST->getSourceManager()).second,
            "no fix: 'opaque' may modify 'in'");
}

} // namespace
