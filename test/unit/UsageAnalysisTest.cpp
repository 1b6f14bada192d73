//===- UsageAnalysisTest.cpp - findWrite's shortcut agrees with clang's -----===//
//
// findWrite answers without ExprMutationAnalyzer when every use of a
// variable only reads it. Each function below uses `v` one way; the shortcut
// must report a write exactly where a mutation is, and the read-only forms
// must stay reads.
#include "sysopt/UsageAnalysis.h"
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
#include <string>
#include <vector>
int by_const_ref(const std::string &);
void by_ref(std::string &);
void by_ptr(std::string *);
int by_value(std::string);
int read(int);

int value_read(int v) { return read(v) + v; }
int const_ref_arg(std::string v) { return by_const_ref(v); }
int const_method(std::string v) { return (int)v.size() + (v == "x"); }
int copied(std::string v) { std::string w = v; return by_value(v) + (int)w.size(); }
void assigned(std::string v) { v = "x"; }
void ref_arg(std::string v) { by_ref(v); }
void address(std::string v) { by_ptr(&v); }
void nonconst_method(std::string v) { v.clear(); }
void nonconst_operator(std::string v) { v[0] = 'x'; }
void compound(std::string v) { v += "x"; }
void incremented(int v) { ++v; }
void captured(std::string v) { [&] { v.clear(); }(); }
void cast_away(const std::string &v) { const_cast<std::string &>(v).clear(); }
int const_object(const std::string &v) { std::string w = v; return (int)v.size() + by_const_ref(v); }
void ref_bound(std::string v) { std::string &r = v; r.clear(); }
)cpp";

class UsageAnalysisTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++17"}, "uses.cpp").release();
    ASSERT_NE(AST, nullptr);
    ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  }
  static void TearDownTestSuite() { delete AST; }

  /// findWrite of the parameter `v` over the body of `Function`.
  bool written(llvm::StringRef Function) {
    ASTContext &Ctx = AST->getASTContext();
    auto M = match(functionDecl(hasName(Function), isDefinition()).bind("f"), Ctx);
    EXPECT_FALSE(M.empty()) << Function.str();
    if (M.empty())
      return false;
    const auto *FD = M[0].getNodeAs<FunctionDecl>("f");
    return findWrite(*FD->getParamDecl(0), *FD->getBody(), Ctx) != nullptr;
  }
  static ASTUnit *AST;
};
ASTUnit *UsageAnalysisTest::AST = nullptr;

TEST_F(UsageAnalysisTest, ReadsAreNotWrites) {
  for (const char *F : {"value_read", "const_ref_arg", "const_method", "copied",
                        "const_object"})
    EXPECT_FALSE(written(F)) << F;
}

TEST_F(UsageAnalysisTest, EveryMutatingFormIsAWrite) {
  for (const char *F : {"assigned", "ref_arg", "address", "nonconst_method",
                        "nonconst_operator", "compound", "incremented",
                        "captured", "cast_away", "ref_bound"})
    EXPECT_TRUE(written(F)) << F;
}

} // namespace
