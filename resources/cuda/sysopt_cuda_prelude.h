/*===- sysopt_cuda_prelude.h - nvcc's host pass, as clang sees it ---------===*
 *
 * Force-included (after clang's CUDA runtime wrapper) into every CUDA
 * translation unit that sysopt-tidy translates from an nvcc command line.
 * Code written for nvcc relies on things nvcc provides and clang's CUDA
 * host pass does not; each entry below names the clang error it removes.
 * Only declarations the host analysis needs: device-side entries have no
 * body, host-side ones mirror nvcc's. Off with SYSOPT_CUDA_PRELUDE=0.
 * What this does not cover is listed in docs/cuda.md.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SYSOPT_CUDA_PRELUDE_H
#define SYSOPT_CUDA_PRELUDE_H
#if defined(__clang__) && defined(__CUDA__) && !defined(__CUDA_ARCH__)

/* nvcc defines __CUDACC__ as 1; clang defines it empty, so headers that
 * test `#if __CUDACC__` (NCCL's nccl_device/coop.h) fail with
 * "error: expected value in expression". */
#undef __CUDACC__
#define __CUDACC__ 1

#include <cuda_runtime_api.h>

/* nvcc's version macros; clang defines none, so `#if __CUDACC_VER_MAJOR__
 * >= 11` is false and `static_assert(__CUDACC_VER_MAJOR__ ...)` fails with
 * "error: use of undeclared identifier '__CUDACC_VER_MAJOR__'"
 * (tiny-cuda-nn). The toolkit's runtime version stands in for nvcc's. */
#if !defined(__CUDACC_VER_MAJOR__) && defined(CUDART_VERSION)
#define __CUDACC_VER_MAJOR__ (CUDART_VERSION / 1000)
#define __CUDACC_VER_MINOR__ (CUDART_VERSION % 1000 / 10)
#define __CUDACC_VER_BUILD__ 0
#endif

#ifdef __cplusplus

/* The cache-hinted stores of sm_32_intrinsics.h: clang's wrapper defines
 * only __stwt, so kernels that call __stcs/__stcg/__stwb fail with
 * "error: use of undeclared identifier '__stcs'" (llm.c). */
#define SYSOPT_CACHE_HINTED_STORES(T)                                          \
  __device__ void __stcs(T *__ptr, T __value);                                 \
  __device__ void __stcg(T *__ptr, T __value);                                 \
  __device__ void __stwb(T *__ptr, T __value);
SYSOPT_CACHE_HINTED_STORES(char)
SYSOPT_CACHE_HINTED_STORES(signed char)
SYSOPT_CACHE_HINTED_STORES(short)
SYSOPT_CACHE_HINTED_STORES(int)
SYSOPT_CACHE_HINTED_STORES(long)
SYSOPT_CACHE_HINTED_STORES(long long)
SYSOPT_CACHE_HINTED_STORES(unsigned char)
SYSOPT_CACHE_HINTED_STORES(unsigned short)
SYSOPT_CACHE_HINTED_STORES(unsigned int)
SYSOPT_CACHE_HINTED_STORES(unsigned long)
SYSOPT_CACHE_HINTED_STORES(unsigned long long)
SYSOPT_CACHE_HINTED_STORES(char2)
SYSOPT_CACHE_HINTED_STORES(char4)
SYSOPT_CACHE_HINTED_STORES(short2)
SYSOPT_CACHE_HINTED_STORES(short4)
SYSOPT_CACHE_HINTED_STORES(int2)
SYSOPT_CACHE_HINTED_STORES(int4)
SYSOPT_CACHE_HINTED_STORES(longlong2)
SYSOPT_CACHE_HINTED_STORES(uchar2)
SYSOPT_CACHE_HINTED_STORES(uchar4)
SYSOPT_CACHE_HINTED_STORES(ushort2)
SYSOPT_CACHE_HINTED_STORES(ushort4)
SYSOPT_CACHE_HINTED_STORES(uint2)
SYSOPT_CACHE_HINTED_STORES(uint4)
SYSOPT_CACHE_HINTED_STORES(ulonglong2)
SYSOPT_CACHE_HINTED_STORES(float)
SYSOPT_CACHE_HINTED_STORES(double)
SYSOPT_CACHE_HINTED_STORES(float2)
SYSOPT_CACHE_HINTED_STORES(float4)
SYSOPT_CACHE_HINTED_STORES(double2)
#undef SYSOPT_CACHE_HINTED_STORES

/* nvcc's crt/math_functions.hpp makes min and max __host__ __device__;
 * clang's are device-only, so host code fails with "error: no matching
 * function for call to 'max'". The host overloads nvcc has, with nvcc's
 * result types for mixed signedness. */
#define SYSOPT_HOST_MIN_MAX(R, A, B)                                           \
  static inline __host__ R min(A __a, B __b) {                                 \
    return (R)__a < (R)__b ? (R)__a : (R)__b;                                  \
  }                                                                            \
  static inline __host__ R max(A __a, B __b) {                                 \
    return (R)__a > (R)__b ? (R)__a : (R)__b;                                  \
  }
SYSOPT_HOST_MIN_MAX(int, int, int)
SYSOPT_HOST_MIN_MAX(unsigned int, unsigned int, unsigned int)
SYSOPT_HOST_MIN_MAX(unsigned int, int, unsigned int)
SYSOPT_HOST_MIN_MAX(unsigned int, unsigned int, int)
SYSOPT_HOST_MIN_MAX(long, long, long)
SYSOPT_HOST_MIN_MAX(unsigned long, unsigned long, unsigned long)
SYSOPT_HOST_MIN_MAX(unsigned long, long, unsigned long)
SYSOPT_HOST_MIN_MAX(unsigned long, unsigned long, long)
SYSOPT_HOST_MIN_MAX(long long, long long, long long)
SYSOPT_HOST_MIN_MAX(unsigned long long, unsigned long long, unsigned long long)
SYSOPT_HOST_MIN_MAX(unsigned long long, long long, unsigned long long)
SYSOPT_HOST_MIN_MAX(unsigned long long, unsigned long long, long long)
SYSOPT_HOST_MIN_MAX(float, float, float)
SYSOPT_HOST_MIN_MAX(double, double, double)
SYSOPT_HOST_MIN_MAX(double, float, double)
SYSOPT_HOST_MIN_MAX(double, double, float)
#undef SYSOPT_HOST_MIN_MAX

/* CUDA 13 changed cudaMemAdvise and cudaMemPrefetchAsync to take a
 * cudaMemLocation. Code written for CUDA 12 (llm.c) then fails with
 * "error: no matching function for call to 'cudaMemAdvise'" against a
 * CUDA 13 toolkit (nvcc 13 rejects it too). The CUDA 12 forms, declared
 * only, let that code parse against the toolkit installed here. */
#if defined(CUDART_VERSION) && CUDART_VERSION >= 13000
cudaError_t cudaMemAdvise(const void *__devPtr, size_t __count,
                          enum cudaMemoryAdvise __advice, int __device);
cudaError_t cudaMemPrefetchAsync(const void *__devPtr, size_t __count,
                                 int __dstDevice, cudaStream_t __stream = 0);
#endif

#endif /* __cplusplus */
#endif /* clang's CUDA host pass */
#endif /* SYSOPT_CUDA_PRELUDE_H */
