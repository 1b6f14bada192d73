// LoopInvariance on the shapes real inference code has: members of *this,
// loop-local slice names, container storage behind accessor pairs; and the
// NCCL group model. Each probe is the argument of `probe(...)` in the first
// loop of the function named in the test.
#include "sysopt/ApiModels.h"
#include "sysopt/LoopAnalysis.h"
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
#include <vector>
void probe(const void *);
void probe(long);
void observe(const void *);
struct Tensor {
  float *data();
  const float *data() const;
  float *value();
  void resize(int);
};
struct Engine {
  float *out_;
  long n_;
  mutable long hits_;
  void reset();
  long size() const;

  void members_read(int k) { for (int i = 0; i < k; ++i) probe(n_); }
  void member_written(int k) { for (int i = 0; i < k; ++i) { probe(n_); n_ = i; } }
  void nonconst_call(int k) { for (int i = 0; i < k; ++i) { probe(n_); reset(); } }
  void const_call(int k) { for (int i = 0; i < k; ++i) { probe(n_); probe(size()); } }
  void this_escapes(int k) { for (int i = 0; i < k; ++i) { probe(n_); observe(this); } }
  void captured(int k) { for (int i = 0; i < k; ++i) { probe(n_); auto f = [this] { return n_; }; f(); } }
  void mutable_field(int k) { for (int i = 0; i < k; ++i) probe(hits_); }
  void pointer_member(int k) { for (int i = 0; i < k; ++i) probe(out_); }
};

void local_slice(float *base, int k) { for (int i = 0; i < k; ++i) { float *row = base + i; probe(row); } }
void local_moved(float *base, int k) { for (int i = 0; i < k; ++i) { float *row = base + i; row += 1; probe(row); } }
void local_escapes(float *base, int k, void (*g)(float **)) {
  for (int i = 0; i < k; ++i) { float *row = base + i; g(&row); probe(row); }
}

void accessor(Tensor t, int k) { for (int i = 0; i < k; ++i) probe(t.data()); }
void accessor_resized(Tensor t, int k) { for (int i = 0; i < k; ++i) { probe(t.data()); t.resize(i); } }
void lone_getter(Tensor t, int k) { for (int i = 0; i < k; ++i) probe(t.value()); }
void vector_data(std::vector<float> &v, int k) { for (int i = 0; i < k; ++i) probe(v.data()); }
void vector_grows(std::vector<float> &v, int k) { for (int i = 0; i < k; ++i) { probe(v.data()); v.push_back(1.f); } }

typedef int ncclResult_t;
extern "C" ncclResult_t ncclGroupStart();
extern "C" ncclResult_t ncclGroupEnd();
struct AutoNcclGroup { AutoNcclGroup() { ncclGroupStart(); } ~AutoNcclGroup() { ncclGroupEnd(); } };
struct NCCLGroupGuard { NCCLGroupGuard(); };
struct Unrelated { Unrelated(); };
void opens() { ncclGroupStart(); }
void opens_and_closes() { ncclGroupStart(); ncclGroupEnd(); }
)cpp";

class LoopInvarianceTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    AST = tooling::buildASTFromCodeWithArgs(Code, {"-std=c++17"}, "probe.cpp").release();
    ASSERT_NE(AST, nullptr);
    ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  }
  static void TearDownTestSuite() { delete AST; }

  /// The first loop of `Function` and the argument of its first `probe`.
  std::pair<const Stmt *, const Expr *> probeIn(llvm::StringRef Function) {
    ASTContext &Ctx = AST->getASTContext();
    auto Loops = match(functionDecl(hasName(Function),
                                    hasDescendant(forStmt().bind("loop"))),
                       Ctx);
    if (Loops.empty())
      return {nullptr, nullptr};
    const auto *Loop = Loops[0].getNodeAs<Stmt>("loop");
    auto Probes = match(stmt(hasDescendant(
                            callExpr(callee(functionDecl(hasName("probe"))))
                                .bind("probe"))),
                        *Loop, Ctx);
    const auto *Call = Probes.empty() ? nullptr : Probes[0].getNodeAs<CallExpr>("probe");
    return {Loop, Call ? Call->getArg(0) : nullptr};
  }
  /// `Ask` on the analysis of the first loop of `Function` and its probe.
  bool ask(llvm::StringRef Function,
           llvm::function_ref<bool(LoopInvariance &, const Expr &)> Ask) {
    auto [Loop, Arg] = probeIn(Function);
    EXPECT_TRUE(Loop && Arg) << Function.str();
    if (!Loop || !Arg)
      return false;
    LoopInvariance Inv(*Loop, AST->getASTContext());
    return Ask(Inv, *Arg);
  }
  bool invariant(llvm::StringRef Function) {
    return ask(Function, [](LoopInvariance &Inv, const Expr &E) { return Inv.isInvariant(&E); });
  }
  bool sameAddress(llvm::StringRef Function) {
    return ask(Function, [](LoopInvariance &Inv, const Expr &E) { return Inv.isSameAddress(&E); });
  }
  bool unchangedLocal(llvm::StringRef Function) {
    return ask(Function, [](LoopInvariance &Inv, const Expr &E) {
      const auto *Ref = dyn_cast<DeclRefExpr>(E.IgnoreParenImpCasts());
      EXPECT_TRUE(Ref);
      return Ref && Inv.isUnchangedAfterInit(cast<VarDecl>(Ref->getDecl()));
    });
  }
  const FunctionDecl *function(llvm::StringRef Name) {
    auto M = match(functionDecl(hasName(Name)).bind("f"), AST->getASTContext());
    return M.empty() ? nullptr : M[0].getNodeAs<FunctionDecl>("f");
  }
  const FunctionDecl *constructorOf(llvm::StringRef Class) {
    auto M = match(cxxConstructorDecl(ofClass(hasName(Class)), unless(isImplicit())).bind("c"),
                   AST->getASTContext());
    return M.empty() ? nullptr : M[0].getNodeAs<FunctionDecl>("c");
  }

  static ASTUnit *AST;
};
ASTUnit *LoopInvarianceTest::AST = nullptr;

TEST_F(LoopInvarianceTest, MembersOfThis) {
  EXPECT_TRUE(invariant("members_read"));
  EXPECT_TRUE(invariant("const_call"));
  EXPECT_FALSE(invariant("member_written"));
  EXPECT_FALSE(invariant("nonconst_call"));
  EXPECT_FALSE(invariant("this_escapes"));
  EXPECT_FALSE(invariant("captured"));
  EXPECT_FALSE(invariant("mutable_field"));
  // The pointer itself stays; what it points to is another question.
  EXPECT_TRUE(sameAddress("pointer_member"));
}

TEST_F(LoopInvarianceTest, LoopLocalNames) {
  EXPECT_TRUE(unchangedLocal("local_slice"));
  EXPECT_FALSE(unchangedLocal("local_moved"));
  EXPECT_FALSE(unchangedLocal("local_escapes"));
}

TEST_F(LoopInvarianceTest, StorageBehindAccessors) {
  EXPECT_TRUE(sameAddress("accessor"));
  EXPECT_TRUE(sameAddress("vector_data"));
  EXPECT_FALSE(sameAddress("accessor_resized"));
  EXPECT_FALSE(sameAddress("vector_grows"));
  EXPECT_FALSE(sameAddress("lone_getter"));
  // Only the address: the values in the storage may change.
  EXPECT_FALSE(invariant("accessor"));
}

TEST_F(LoopInvarianceTest, NcclGroups) {
  EXPECT_TRUE(api::opensNcclGroup(function("ncclGroupStart")));
  EXPECT_TRUE(api::opensNcclGroup(function("opens")));
  EXPECT_FALSE(api::opensNcclGroup(function("opens_and_closes")));
  EXPECT_TRUE(api::opensNcclGroup(constructorOf("AutoNcclGroup")));
  EXPECT_TRUE(api::opensNcclGroup(constructorOf("NCCLGroupGuard")));
  EXPECT_FALSE(api::opensNcclGroup(constructorOf("Unrelated")));
  EXPECT_FALSE(api::opensNcclGroup(nullptr));
}

} // namespace
