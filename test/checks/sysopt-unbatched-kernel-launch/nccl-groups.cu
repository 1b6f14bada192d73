// RUN: %check_sysopt_tidy %s sysopt-unbatched-kernel-launch %t -- -- %cuda_stubs
// How the check recognises a group that is already open: RAII guards (as in
// PyTorch's AutoNcclGroup and Paddle's NCCLGroupGuard), helpers that open
// one, and callers in the same translation unit.

#include <nccl.h>

// ---- Must not flag -------------------------------------------------------

// 1. An RAII guard whose constructor this file sees.
struct AutoNcclGroup {
  AutoNcclGroup() { ncclGroupStart(); }
  ~AutoNcclGroup() { ncclGroupEnd(); }
};

void guarded(float **buf, ncclComm_t *comms, cudaStream_t *s, int devices, size_t n) {
  AutoNcclGroup guard;
  for (int d = 0; d < devices; ++d)
    ncclAllReduce(buf[d], buf[d], n, ncclFloat, ncclSum, comms[d], s[d]);
}

// 2. A guard defined in another file: recognised by its name.
namespace platform {
class NCCLGroupGuard {
public:
  NCCLGroupGuard();
  ~NCCLGroupGuard();
};
} // namespace platform

void guarded_elsewhere(float **buf, ncclComm_t *comms, cudaStream_t *s, int devices, size_t n) {
  platform::NCCLGroupGuard guard;
  for (int d = 0; d < devices; ++d)
    ncclBroadcast(buf[d], buf[d], n, ncclFloat, 0, comms[d], s[d]);
}

// 3. A helper that opens the group and leaves it open for its caller.
void begin_group() { ncclGroupStart(); }

void via_helper(float **buf, ncclComm_t *comms, cudaStream_t *s, int devices, size_t n) {
  begin_group();
  for (int d = 0; d < devices; ++d)
    ncclAllReduce(buf[d], buf[d], n, ncclFloat, ncclSum, comms[d], s[d]);
  ncclGroupEnd();
}

// 4. The group is the caller's: every peer's send/recv goes into it.
static void exchange_all(float *send, float *recv, int peers, size_t n, ncclComm_t comm,
                         cudaStream_t s) {
  for (int p = 0; p < peers; ++p) {
    ncclSend(send + p * n, n, ncclFloat, p, comm, s);
    ncclRecv(recv + p * n, n, ncclFloat, p, comm, s);
  }
}

void all_to_all(float *send, float *recv, int peers, size_t n, ncclComm_t comm, cudaStream_t s) {
  ncclGroupStart();
  exchange_all(send, recv, peers, n, comm, s);
  ncclGroupEnd();
}

// ---- Must flag -----------------------------------------------------------

// 5. A helper that opens and closes its own group does not group the loop
//    after it.
void grouped_once(float *x, size_t n, ncclComm_t comm, cudaStream_t s) {
  ncclGroupStart();
  ncclAllReduce(x, x, n, ncclFloat, ncclSum, comm, s);
  ncclGroupEnd();
}

void after_a_closed_group(float **buf, ncclComm_t *comms, cudaStream_t *s, int devices, size_t n) {
  grouped_once(buf[0], n, comms[0], s[0]);
  for (int d = 0; d < devices; ++d)
    ncclAllReduce(buf[d], buf[d], n, ncclFloat, ncclSum, comms[d], s[d]);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ncclAllReduce' is issued once per iteration outside ncclGroupStart/ncclGroupEnd; {{.*}} [reordering/batching] [sysopt-unbatched-kernel-launch]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: in this loop
  // CHECK-FIXES: {{^}}  grouped_once(buf[0], n, comms[0], s[0]);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ncclGroupStart();{{$}}
  // CHECK-FIXES-NEXT: {{^}}  for (int d = 0; d < devices; ++d){{$}}
  // CHECK-FIXES-NEXT: {{^}}    ncclAllReduce(buf[d], buf[d], n, ncclFloat, ncclSum, comms[d], s[d]);{{$}}
  // CHECK-FIXES-NEXT: {{^}}  ncclGroupEnd();{{$}}
}

// 6. Called from a function that does not group: the loop is still ungrouped.
static void gather_all(float *send, float *recv, int peers, size_t n, ncclComm_t comm,
                       cudaStream_t s) {
  for (int p = 0; p < peers; ++p)
    ncclRecv(recv + p * n, n, ncclFloat, p, comm, s);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ncclRecv' is issued once per iteration outside
}

void gather_caller(float *send, float *recv, int peers, size_t n, ncclComm_t comm, cudaStream_t s) {
  gather_all(send, recv, peers, n, comm, s);
}
