// The shared "where does this run repeatedly" analysis: loops, paths
// through calls, per-element algorithms, entry points, the depth bound,
// small trip counts, and invariance along a path. Each probe is the first
// call of `work(...)` in the function named by the test.
#include "sysopt/ApiModels.h"
#include "sysopt/RepeatedContext.h"
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

// A system header, as the standard library's algorithms are.
const char *Algorithm = R"cpp(
namespace std {
template <class It, class F> F for_each(It b, It e, F f) { for (; b != e; ++b) f(*b); return f; }
}
)cpp";

const char *Code = R"cpp(
#include <algo.h>
void work(int);
extern "C" int cudaGetDevice(int *);
namespace pybind11 {
struct module_ { template <class F> module_ &def(const char *, F &&) { return *this; } };
}

void in_loop(int n) { for (int i = 0; i < n; ++i) work(1); }
void in_while(int n) { while (n--) work(1); }
void in_for_init(int n) { for (work(1); n; --n) {} }
void in_do_while_zero() { do { work(1); } while (0); }
void three_times() { for (int m = 0; m < 3; ++m) work(1); }

void leaf(int v) { work(v); }
void middle(int v) { leaf(v); }
void top_loop(int n) { for (int i = 0; i < n; ++i) middle(7); }
void direct_loop(int n) { for (int i = 0; i < n; ++i) leaf(i); }

void deep3(int v) { work(v); }
void deep2(int v) { deep3(v); }
void deep1(int v) { deep2(v); }
void deep_loop(int n) { for (int i = 0; i < n; ++i) deep1(1); }

void per_element(int *b, int *e) { std::for_each(b, e, [](int x) { work(x); }); }

int bound() { work(2); return 0; }
void init(pybind11::module_ &m) { m.def("bound", &bound); }

void never_called() { work(3); }

template <class T> void templ(T v) { work(v); }
void calls_template(int n) { for (int i = 0; i < n; ++i) templ(i); }

void queried() {
  int dev;
  cudaGetDevice(&dev);
  work(dev);
}
void calls_queried(int n) { for (int i = 0; i < n; ++i) queried(); }
void assigned(int v) { v = v + 1; work(v); }
void calls_assigned(int n, int k) { for (int i = 0; i < n; ++i) assigned(k); }
)cpp";

class RepeatedContextTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    AST = tooling::buildASTFromCodeWithArgs(
              Code, {"-std=c++17", "-isystem", "/sys"}, "repeat.cpp", "unit",
              std::make_shared<PCHContainerOperations>(),
              tooling::getClangStripDependencyFileAdjuster(),
              {{"/sys/algo.h", Algorithm}})
              .release();
    ASSERT_NE(AST, nullptr);
    ASSERT_FALSE(AST->getDiagnostics().hasErrorOccurred());
  }
  static void TearDownTestSuite() { delete AST; }

  void SetUp() override {
    Graph = std::make_unique<CallGraph>(AST->getASTContext(), UserCode, NoEntryPoints);
  }

  /// The first `work(...)` call anywhere inside `Function` (lambdas too).
  std::pair<const CallExpr *, const FunctionDecl *> workIn(llvm::StringRef Function) {
    ASTContext &Ctx = AST->getASTContext();
    auto M = match(functionDecl(hasName(Function),
                                hasDescendant(callExpr(callee(functionDecl(hasName("work"))))
                                                  .bind("work")))
                       .bind("f"),
                   Ctx);
    if (M.empty())
      return {nullptr, nullptr};
    const auto *Call = M[0].getNodeAs<CallExpr>("work");
    // The callable whose body holds the call (a lambda's operator()).
    const FunctionDecl *Fn = M[0].getNodeAs<FunctionDecl>("f");
    auto L = match(cxxMethodDecl(ofClass(cxxRecordDecl(isLambda())),
                                 hasDescendant(callExpr(equalsNode(Call))))
                       .bind("op"),
                   Ctx);
    if (!L.empty())
      Fn = L[0].getNodeAs<FunctionDecl>("op");
    return {Call, Fn};
  }
  std::optional<RepeatPath> why(llvm::StringRef Function, unsigned Depth = 2) {
    auto [Call, Fn] = workIn(Function);
    EXPECT_TRUE(Call && Fn) << Function.str();
    if (!Call || !Fn)
      return std::nullopt;
    return whyRepeated(*Call, *Fn, *Graph, Depth);
  }
  bool invariantArgument(llvm::StringRef Function) {
    auto [Call, Fn] = workIn(Function);
    std::optional<RepeatPath> P = Call ? whyRepeated(*Call, *Fn, *Graph, 2) : std::nullopt;
    EXPECT_TRUE(P) << Function.str();
    if (!P)
      return false;
    PathInvariance Inv(*P, *Fn, AST->getASTContext());
    return Inv.isInvariant(Call->getArg(0));
  }

  static ASTUnit *AST;
  UserCodeFilter UserCode;
  FunctionNameList NoEntryPoints{""};
  std::unique_ptr<CallGraph> Graph;
};
ASTUnit *RepeatedContextTest::AST = nullptr;

TEST_F(RepeatedContextTest, OwnLoops) {
  std::optional<RepeatPath> P = why("in_loop");
  ASSERT_TRUE(P);
  EXPECT_EQ(P->K, RepeatPath::Kind::Loop);
  EXPECT_TRUE(P->Calls.empty());
  EXPECT_TRUE(why("in_while"));
  // What runs once: a for init, a do-while(0) macro body, three passes.
  EXPECT_FALSE(why("in_for_init"));
  EXPECT_FALSE(why("in_do_while_zero"));
  EXPECT_FALSE(why("three_times"));
}

TEST_F(RepeatedContextTest, ThroughCalls) {
  std::optional<RepeatPath> P = why("leaf");
  ASSERT_TRUE(P);
  EXPECT_EQ(P->K, RepeatPath::Kind::Loop);
  // The shortest path: leaf is called in direct_loop's loop, one call.
  ASSERT_EQ(P->Calls.size(), 1u);
  EXPECT_EQ(P->Outer->getName(), "direct_loop");
  // deep3's work is three calls from the loop (deep1, deep2, deep3).
  EXPECT_TRUE(why("deep3", 3));
  EXPECT_FALSE(why("deep3", 2));
  // leaf: one call from direct_loop's loop.
  EXPECT_TRUE(why("leaf", 1));
  EXPECT_FALSE(why("leaf", 0));
  EXPECT_FALSE(why("never_called"));
  // The instantiation a loop calls.
  std::optional<RepeatPath> T = why("templ");
  ASSERT_TRUE(T);
  EXPECT_EQ(T->Outer->getName(), "calls_template");
}

TEST_F(RepeatedContextTest, PerElementAndEntryPoints) {
  std::optional<RepeatPath> E = why("per_element");
  ASSERT_TRUE(E);
  EXPECT_EQ(E->K, RepeatPath::Kind::PerElement);
  EXPECT_TRUE(E->Calls.empty());
  std::optional<RepeatPath> B = why("bound");
  ASSERT_TRUE(B);
  EXPECT_EQ(B->K, RepeatPath::Kind::EntryPoint);
  EXPECT_NE(B->Origin, nullptr);

  FunctionNameList Named("never_called");
  CallGraph WithOption(AST->getASTContext(), UserCode, Named);
  auto [Call, Fn] = workIn("never_called");
  ASSERT_TRUE(Call);
  std::optional<RepeatPath> N = whyRepeated(*Call, *Fn, WithOption, 2);
  ASSERT_TRUE(N);
  EXPECT_EQ(N->K, RepeatPath::Kind::EntryPoint);
  EXPECT_EQ(N->Origin, nullptr);
}

TEST_F(RepeatedContextTest, InvarianceAlongThePath) {
  // A parameter bound to a constant two levels up.
  auto [Call, Fn] = workIn("leaf");
  ASSERT_TRUE(Call);
  std::optional<RepeatPath> Deep = whyFunctionRepeated(*Fn, *Graph, 2);
  ASSERT_TRUE(Deep);
  // direct_loop passes the induction variable: not invariant.
  EXPECT_FALSE(invariantArgument("leaf"));
  // A device query's answer, and a parameter the callee reassigns.
  EXPECT_TRUE(invariantArgument("queried"));
  EXPECT_FALSE(invariantArgument("assigned"));
}

TEST(ApiTable, RolesAndPositions) {
  // Every row names a role; copies know where their arguments are.
  for (const api::ApiEntry &E : api::apiTable()) {
    EXPECT_NE(E.R, api::Role::None) << E.Name.str();
    if (E.R == api::Role::Transfer && E.F == api::Family::CudaRuntime &&
        E.Name.starts_with("cudaMemcpy") && !E.Name.contains("3D"))
      EXPECT_GE(E.Dst, 0) << E.Name.str();
  }
  EXPECT_EQ(api::roleFromName("gemm"), api::Role::Gemm);
  EXPECT_EQ(api::roleName(api::Role::Transfer), "transfer");
  EXPECT_FALSE(api::roleFromName("gemmm"));
  api::WrapperRoles Bad("fromDevice=copy;runMatrixMult");
  EXPECT_EQ(Bad.errors().size(), 2u);
  api::WrapperRoles Good("faiss::gpu::fromDevice=transfer; runMatrixMult = gemm");
  EXPECT_TRUE(Good.errors().empty());
}

} // namespace
