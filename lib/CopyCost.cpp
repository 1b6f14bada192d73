#include "sysopt/CopyCost.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/PrettyPrinter.h"

using namespace clang;

namespace sysopt {

std::vector<std::string> splitList(llvm::StringRef List) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  List.split(Parts, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Out;
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Out.push_back(P.trim().str());
  return Out;
}

// Names are matched without the inline namespaces (std::__cxx11::, std::__1::)
// and with template arguments, e.g. "std::basic_string<char>".
static const llvm::StringRef BuiltinCheap[] = {
    "at::Tensor", "at::TensorBase", "c10::intrusive_ptr<.*>",
    "c10::weak_intrusive_ptr<.*>", "c10::ArrayRef<.*>", "c10::IValue",
    "c10::Storage", "c10::Scalar", "c10::SymInt", "c10::string_view",
    "c10::basic_string_view<.*>", "c10::OptionalArrayRef<.*>",
    "std::shared_ptr<.*>", "std::weak_ptr<.*>", "std::unique_ptr<.*>",
    "std::basic_string_view<.*>", "std::span<.*>",
    "std::reference_wrapper<.*>", "absl::Span<.*>", "gsl::span<.*>",
    "llvm::ArrayRef<.*>", "llvm::StringRef", "std::(__detail::)?_.*iterator.*",
    "__gnu_cxx::__normal_iterator<.*>",
    // Stream and pool handles of CUDA wrappers are cheap handles too.
    "c10::cuda::CUDAStream", "at::cuda::CUDAStream", "c10::Stream",
    "c10::Device"};

static const llvm::StringRef BuiltinExpensive[] = {
    "std::basic_string<.*>", "std::vector<.*>", "std::deque<.*>",
    "std::list<.*>", "std::forward_list<.*>", "std::map<.*>",
    "std::multimap<.*>", "std::set<.*>", "std::multiset<.*>",
    "std::unordered_map<.*>", "std::unordered_multimap<.*>",
    "std::unordered_set<.*>", "std::unordered_multiset<.*>",
    "std::valarray<.*>", "std::basic_regex<.*>", "std::function<.*>",
    "std::basic_stringstream<.*>", "std::locale", "absl::flat_hash_map<.*>",
    "absl::flat_hash_set<.*>", "absl::node_hash_map<.*>",
    "absl::InlinedVector<.*>", "llvm::SmallVector<.*>", "llvm::DenseMap<.*>",
    "llvm::StringMap<.*>", "c10::Dict<.*>", "c10::List<.*>"};

// Wrappers whose copy costs what their arguments' copies cost.
static const llvm::StringRef Wrappers[] = {"optional", "pair", "tuple",
                                           "variant", "array"};

llvm::ArrayRef<llvm::StringRef> CopyCostModel::builtinCheapTypes() {
  return BuiltinCheap;
}
llvm::ArrayRef<llvm::StringRef> CopyCostModel::builtinExpensiveTypes() {
  return BuiltinExpensive;
}

static void compileInto(llvm::ArrayRef<std::string> Patterns,
                        std::vector<llvm::Regex> &Out,
                        std::vector<std::string> &Errors) {
  for (const std::string &P : Patterns) {
    llvm::Regex R("^(" + P + ")$");
    std::string Err;
    if (!R.isValid(Err)) {
      Errors.push_back("invalid type regex '" + P + "': " + Err);
      continue;
    }
    Out.push_back(std::move(R));
  }
}

CopyCostModel::CopyCostModel(const CopyCostOptions &Opts)
    : SizeThreshold(Opts.SizeThreshold) {
  // The user's lists come first so that they override the built-in ones.
  compileInto(splitList(Opts.CheapTypes), UserCheap, Errors);
  compileInto(splitList(Opts.ExpensiveTypes), UserExpensive, Errors);
  compileInto(splitList(Opts.AllowedTypes), Allowed, Errors);
  std::vector<std::string> Ignored;
  compileInto(std::vector<std::string>(std::begin(BuiltinCheap),
                                       std::end(BuiltinCheap)),
              Cheap, Ignored);
  compileInto(std::vector<std::string>(std::begin(BuiltinExpensive),
                                       std::end(BuiltinExpensive)),
              Expensive, Ignored);
}

static std::string qualifiedName(QualType T, const ASTContext &Ctx) {
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = true;
  Policy.SuppressScope = false;
  Policy.FullyQualifiedName = true;
  Policy.SuppressInlineNamespace =
      llvm::to_underlying(PrintingPolicy::SuppressInlineNamespaceMode::All);
  Policy.SuppressDefaultTemplateArgs = true;
  Policy.PrintAsCanonical = true;
  std::string Name = T.getUnqualifiedType().getAsString(Policy);
  return Name;
}

static bool matchesAny(const std::vector<llvm::Regex> &Rs,
                       llvm::StringRef Name) {
  for (const llvm::Regex &R : Rs)
    if (R.match(Name))
      return true;
  return false;
}

static CopyCost worst(CopyCost A, CopyCost B) {
  if (A == CopyCost::Expensive || B == CopyCost::Expensive)
    return CopyCost::Expensive;
  if (A == CopyCost::Unknown || B == CopyCost::Unknown)
    return CopyCost::Unknown;
  return CopyCost::Cheap;
}

CopyCost CopyCostModel::classify(QualType T, const ASTContext &Ctx) {
  return classifyImpl(T, Ctx, 0);
}

CopyCost CopyCostModel::classifyImpl(QualType T, const ASTContext &Ctx,
                                     unsigned Depth) {
  if (T.isNull())
    return CopyCost::Unknown;
  T = T.getNonReferenceType().getCanonicalType();
  const Type *Key = T.getUnqualifiedType().getTypePtr();
  auto It = Cache.find(Key);
  if (It != Cache.end())
    return It->second;
  // Provisional entry breaks cycles through recursive types.
  Cache[Key] = CopyCost::Unknown;
  CopyCost C = classifyUncached(T, Ctx, Depth);
  Cache[Key] = C;
  return C;
}

CopyCost CopyCostModel::classifyUncached(QualType T, const ASTContext &Ctx,
                                         unsigned Depth) {
  if (Depth > 8 || T->isDependentType() || T->isIncompleteType() ||
      T->isUndeducedType())
    return CopyCost::Unknown;
  if (T->isScalarType())
    return CopyCost::Cheap;
  if (const auto *AT = Ctx.getAsConstantArrayType(T)) {
    CopyCost Elem = classifyImpl(AT->getElementType(), Ctx, Depth + 1);
    if (Elem != CopyCost::Cheap)
      return Elem;
    // Cheap elements: decide on the size below.
  }

  const CXXRecordDecl *RD = T->getAsCXXRecordDecl();
  std::string Name = qualifiedName(T, Ctx);
  if (matchesAny(Allowed, Name))
    return CopyCost::Unknown;
  if (matchesAny(UserCheap, Name))
    return CopyCost::Cheap;
  if (matchesAny(UserExpensive, Name))
    return CopyCost::Expensive;
  if (RD) {
    if (matchesAny(Cheap, Name))
      return CopyCost::Cheap;
    if (matchesAny(Expensive, Name))
      return CopyCost::Expensive;
  }

  if (T.isTriviallyCopyableType(Ctx)) {
    uint64_t Bytes = Ctx.getTypeSizeInChars(T).getQuantity();
    return Bytes > SizeThreshold ? CopyCost::Expensive : CopyCost::Cheap;
  }
  if (!RD)
    return CopyCost::Unknown;
  return classifyRecord(RD, Ctx, Depth);
}

CopyCost CopyCostModel::classifyRecord(const CXXRecordDecl *RD,
                                       const ASTContext &Ctx, unsigned Depth) {
  RD = RD->getDefinition();
  if (!RD || RD->isDependentContext() || RD->isUnion())
    return CopyCost::Unknown;

  // std::optional<T>, std::pair<A, B>, ...: the worst of the arguments.
  if (const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(RD)) {
    if (RD->isInStdNamespace() && llvm::is_contained(Wrappers, RD->getName())) {
      CopyCost C = CopyCost::Cheap;
      for (const TemplateArgument &Arg : Spec->getTemplateArgs().asArray()) {
        if (Arg.getKind() == TemplateArgument::Type)
          C = worst(C, classifyImpl(Arg.getAsType(), Ctx, Depth + 1));
        else if (Arg.getKind() == TemplateArgument::Pack)
          for (const TemplateArgument &P : Arg.pack_elements())
            if (P.getKind() == TemplateArgument::Type)
              C = worst(C, classifyImpl(P.getAsType(), Ctx, Depth + 1));
      }
      return C;
    }
  }

  // A user-written copy constructor may do anything, from a refcount bump
  // (a handle) to a deep copy: stay silent.
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyConstructor() && Ctor->isUserProvided())
      return CopyCost::Unknown;
  if (!RD->hasSimpleCopyConstructor() && RD->needsImplicitCopyConstructor() &&
      RD->defaultedCopyConstructorIsDeleted())
    return CopyCost::Unknown;

  CopyCost C = CopyCost::Cheap;
  for (const CXXBaseSpecifier &Base : RD->bases())
    C = worst(C, classifyImpl(Base.getType(), Ctx, Depth + 1));
  for (const FieldDecl *F : RD->fields())
    C = worst(C, classifyImpl(F->getType(), Ctx, Depth + 1));
  return C;
}

} // namespace sysopt
