//===- HostMemory.h - where a host pointer's memory comes from ------------===//
//
// Whether a pointer handed to a copy provably refers to pageable host
// memory, and to what. Only what the code shows counts:
//   - an array or an object on the stack (`T a[12]`, `&x`, a VLA, a by-value
//     parameter), or a static array;
//   - the storage of a std::vector or std::basic_string with the standard
//     allocator (`v.data()`, `&v[0]`, `s.c_str()`), a local, a member or a
//     reference parameter; a local std::array;
//   - a local pointer every assignment of which is a pageable allocation
//     (Role::HostAlloc of the API table: malloc, calloc, ...; a global
//     `new`/`new[]`), whose address is never taken;
//   - an element of a local array of pointers, each written only with such
//     allocations;
//   - a pointer member that every member function of its class, all defined
//     in the translation unit, assigns only from such allocations.
// Memory that is registered (cudaHostRegister on the same variable or
// member) is not pageable. Anything else is Unknown: a pointer parameter is
// reported as such, so that a caller can follow it up one call.
//
//===----------------------------------------------------------------------===//
#ifndef SYSOPT_HOSTMEMORY_H
#define SYSOPT_HOSTMEMORY_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <string>

namespace sysopt {

struct HostOrigin {
  enum class Kind {
    Unknown,
    StackArray,  ///< a local array, a VLA, a local std::array
    StackObject, ///< the address of a local or a by-value parameter
    StaticArray, ///< a global or static array
    Heap,        ///< malloc or new, through a local or a member
    Container,   ///< std::vector / std::string storage
    Parameter,   ///< a pointer parameter the function never changes
  };
  Kind K = Kind::Unknown;
  /// The variable, member or parameter the memory belongs to.
  const clang::ValueDecl *Decl = nullptr;
  /// The allocation (Kind::Heap): a call or a new-expression.
  const clang::Expr *Alloc = nullptr;

  bool isPageable() const {
    return K != Kind::Unknown && K != Kind::Parameter;
  }
};

/// One translation unit's answers; the registrations are collected on the
/// first question (one walk of the translation unit), members' origins are
/// cached.
class HostMemory {
public:
  explicit HostMemory(clang::ASTContext &Ctx);
  /// Where the memory `Ptr`, an expression of `Fn`, points to comes from.
  HostOrigin originOf(const clang::Expr *Ptr, const clang::FunctionDecl &Fn);

private:
  bool isRegistered(const clang::ValueDecl *D);
  HostOrigin memberOrigin(const clang::FieldDecl &F);
  HostOrigin pointerOrigin(const clang::VarDecl &Var, const clang::FunctionDecl &Fn);
  HostOrigin elementOrigin(const clang::VarDecl &Arr, const clang::FunctionDecl &Fn);
  clang::ASTContext &Ctx;
  bool ScannedRegistrations = false;
  llvm::DenseSet<const clang::ValueDecl *> Registered;
  llvm::DenseMap<const clang::FieldDecl *, HostOrigin> Members;
  llvm::DenseMap<const clang::VarDecl *, HostOrigin> Pointers;
};

/// "a stack array", "a std::vector's storage", "allocated with malloc", for
/// a note at the origin's declaration.
std::string describeOrigin(const HostOrigin &O);

/// std::vector or std::basic_string with std::allocator (not a pinned or
/// other custom allocator), seen through references and typedefs.
bool isPageableContainer(clang::QualType T);

} // namespace sysopt

#endif
