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
void live(std::string src, int n) {
  std::string c = src;
  by_const_ref(c);
  if (n) { by_const_ref(c); }
  src.clear();
  by_value(src);
  auto l = [&src] { return src.size(); };
  l();
}
void unused_copy(std::string src) {
  std::string c = src;
  src.clear();
}
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

/// The DeclStmt declaring `c` in `Function`, its body, and its variable.
struct CopyDecl {
  const DeclStmt *Decl = nullptr;
  const VarDecl *Copy = nullptr;
  const VarDecl *Src = nullptr;
  const Stmt *Body = nullptr;
};
static CopyDecl copyIn(ASTContext &Ctx, llvm::StringRef Function) {
  auto M = match(functionDecl(hasName(Function), isDefinition(),
                              hasDescendant(declStmt(has(varDecl(hasName("c")).bind("c")))
                                                .bind("d")))
                     .bind("f"),
                 Ctx);
  CopyDecl R;
  if (M.empty())
    return R;
  const auto *FD = M[0].getNodeAs<FunctionDecl>("f");
  R.Decl = M[0].getNodeAs<DeclStmt>("d");
  R.Copy = M[0].getNodeAs<VarDecl>("c");
  R.Src = FD->getParamDecl(0);
  R.Body = FD->getBody();
  return R;
}

TEST_F(UsageAnalysisTest, LiveRangeEndsAtTheLastReference) {
  ASTContext &Ctx = AST->getASTContext();
  CopyDecl C = copyIn(Ctx, "live");
  ASSERT_NE(C.Decl, nullptr);
  ReferenceIndex Index;
  const ReferenceIndex::Entry &E = Index.of(*C.Body);
  EXPECT_EQ(E.refsTo(*C.Copy).size(), 2u);
  // The copy's initializer, clear, by_value, the capture and its use.
  EXPECT_EQ(E.refsTo(*C.Src).size(), 5u);
  EXPECT_TRUE(E.CapturedByRef.count(C.Src));
  EXPECT_FALSE(E.CapturedByRef.count(C.Copy));
  // After the declaration: the call and the if; the rest of the block
  // (which writes the source) does not matter to the copy.
  EXPECT_EQ(liveRangeAfter(*C.Decl, Ctx).size(), 6u);
  EXPECT_EQ(liveRangeUntilLastReference(*C.Decl, E.refsTo(*C.Copy), Ctx).size(), 2u);
  // Asked the same body again, the index is the same object.
  EXPECT_EQ(&Index.of(*C.Body), &E);
}

TEST_F(UsageAnalysisTest, UnusedCopyKeepsItsWholeLiveRange) {
  ASTContext &Ctx = AST->getASTContext();
  CopyDecl C = copyIn(Ctx, "unused_copy");
  ASSERT_NE(C.Decl, nullptr);
  ReferenceIndex Index;
  const ReferenceIndex::Entry &E = Index.of(*C.Body);
  EXPECT_TRUE(E.refsTo(*C.Copy).empty());
  EXPECT_EQ(liveRangeUntilLastReference(*C.Decl, E.refsTo(*C.Copy), Ctx).size(), 1u);
}

} // namespace
