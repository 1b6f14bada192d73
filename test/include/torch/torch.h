// Stub of the libtorch 1.13 C++ API subset that sysopt models
// (c10/core, ATen/core/TensorBody.h, torch/types.h), declarations only.
#pragma once
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <vector>

namespace c10 {
enum class DeviceType : int8_t { CPU = 0, CUDA = 1 };
constexpr DeviceType kCPU = DeviceType::CPU;
constexpr DeviceType kCUDA = DeviceType::CUDA;
using DeviceIndex = int8_t;
struct Device {
  Device(DeviceType type, DeviceIndex index = -1) : type_(type), index_(index) {}
  Device(const std::string &device_string);
  DeviceType type_;
  DeviceIndex index_;
};
enum class ScalarType : int8_t { Float = 6, Half = 5, Long = 4 };
constexpr ScalarType kFloat = ScalarType::Float;
constexpr ScalarType kHalf = ScalarType::Half;
constexpr ScalarType kLong = ScalarType::Long;
enum class MemoryFormat : int8_t { Contiguous, Preserve, ChannelsLast };
struct nullopt_t { constexpr explicit nullopt_t(int) {} };
constexpr nullopt_t nullopt{0};
template <class T> class optional {
public:
  optional() {}
  optional(nullopt_t) {}
  optional(const T &v) : has_(true), v_(v) {}
  bool has_value() const { return has_; }
private:
  bool has_ = false;
  T v_{};
};
template <class T> class ArrayRef {
public:
  ArrayRef() {}
  ArrayRef(const std::vector<T> &v) : data_(v.data()), size_(v.size()) {}
  ArrayRef(std::initializer_list<T> l) : data_(l.begin()), size_(l.size()) {}
  ArrayRef(const T &one) : data_(&one), size_(1) {}
  size_t size() const { return size_; }
private:
  const T *data_ = nullptr;
  size_t size_ = 0;
};
using IntArrayRef = ArrayRef<int64_t>;
class Scalar {
public:
  Scalar(double v) : d_(v) {}
  Scalar(float v) : d_(v) {}
  Scalar(int v) : d_(v) {}
  Scalar(int64_t v) : d_(static_cast<double>(v)) {}
private:
  double d_;
};
struct TensorOptions {
  TensorOptions() {}
  TensorOptions(Device d) : device_(d) {}
  TensorOptions(DeviceType t) : device_(Device(t)) {}
  TensorOptions(ScalarType s) : dtype_(s) {}
  TensorOptions device(Device d) const { TensorOptions o = *this; o.device_ = d; return o; }
  TensorOptions dtype(ScalarType s) const { TensorOptions o = *this; o.dtype_ = s; return o; }
  TensorOptions requires_grad(bool r = true) const { TensorOptions o = *this; o.grad_ = r; return o; }
  bool grad_ = false;
  Device device_ = Device(kCPU);
  ScalarType dtype_ = kFloat;
};
inline TensorOptions device(Device d) { return TensorOptions(d); }
inline TensorOptions dtype(ScalarType s) { return TensorOptions(s); }
inline TensorOptions requires_grad(bool r = true) { return TensorOptions().requires_grad(r); }
struct TensorImpl;
// A reference-counted handle: copying bumps a count.
template <class T> class intrusive_ptr {
public:
  intrusive_ptr() {}
  intrusive_ptr(const intrusive_ptr &o);
  intrusive_ptr &operator=(const intrusive_ptr &o);
  ~intrusive_ptr();
private:
  T *target_ = nullptr;
};
} // namespace c10

namespace at {
using c10::ArrayRef;
using c10::Device;
using c10::DeviceType;
using c10::IntArrayRef;
using c10::kCPU;
using c10::kCUDA;
using c10::kFloat;
using c10::kHalf;
using c10::kLong;
using c10::MemoryFormat;
using c10::Scalar;
using c10::ScalarType;
using c10::TensorOptions;
using c10::device;
using c10::dtype;
using c10::requires_grad;

class TensorBase {
public:
  TensorBase() = default;
  TensorBase(const TensorBase &) = default;
  TensorBase(TensorBase &&) noexcept = default;
  int64_t dim() const;
  int64_t numel() const;
  IntArrayRef sizes() const;
  int64_t size(int64_t dim) const;
  bool is_cuda() const;
  bool defined() const;
  ScalarType scalar_type() const;
  Device device() const;
  TensorOptions options() const;
  template <typename T> T *data_ptr() const;
  void *data_ptr() const;
protected:
  c10::intrusive_ptr<c10::TensorImpl> impl_;
};

class Tensor : public TensorBase {
public:
  Tensor() = default;
  Tensor(const Tensor &) = default;
  Tensor(Tensor &&) noexcept = default;
  Tensor &operator=(const Tensor &x) &;
  Tensor &operator=(Tensor &&x) &;
  Tensor &operator=(Scalar v) &&;
  Tensor &operator=(const Tensor &rhs) &&;
  template <typename T> T item() const;
  Tensor operator[](int64_t index) const;
  Tensor operator-() const;
  Tensor &operator+=(const Tensor &other);
  Tensor &operator*=(const Scalar &other);
  Tensor cpu() const;
  Tensor cuda() const;
  Tensor to(TensorOptions options = {}, bool non_blocking = false, bool copy = false,
            c10::optional<MemoryFormat> memory_format = c10::nullopt) const;
  Tensor to(Device device, ScalarType dtype, bool non_blocking = false, bool copy = false,
            c10::optional<MemoryFormat> memory_format = c10::nullopt) const;
  Tensor to(ScalarType dtype, bool non_blocking = false, bool copy = false,
            c10::optional<MemoryFormat> memory_format = c10::nullopt) const;
  Tensor clone(c10::optional<MemoryFormat> memory_format = c10::nullopt) const;
  Tensor contiguous() const;
  Tensor add(const Tensor &other, const Scalar &alpha = 1) const;
  const Tensor &add_(const Tensor &other, const Scalar &alpha = 1) const;
  Tensor add(const Scalar &other, const Scalar &alpha = 1) const;
  const Tensor &add_(const Scalar &other, const Scalar &alpha = 1) const;
  Tensor mul(const Tensor &other) const;
  const Tensor &mul_(const Tensor &other) const;
  Tensor mul(const Scalar &other) const;
  const Tensor &mul_(const Scalar &other) const;
  Tensor div(const Scalar &other) const;
  const Tensor &div_(const Scalar &other) const;
  Tensor sub(const Tensor &other, const Scalar &alpha = 1) const;
  Tensor sub(const Scalar &other, const Scalar &alpha = 1) const;
  const Tensor &sub_(const Scalar &other, const Scalar &alpha = 1) const;
  const Tensor &sub_(const Tensor &other, const Scalar &alpha = 1) const;
  Tensor matmul(const Tensor &other) const;
  Tensor bmm(const Tensor &mat2) const;
  Tensor sum(c10::optional<ScalarType> dtype = c10::nullopt) const;
  Tensor mean(c10::optional<ScalarType> dtype = c10::nullopt) const;
  Tensor relu() const;
  const Tensor &relu_() const;
  const Tensor &zero_() const;
  const Tensor &fill_(const Scalar &value) const;
  const Tensor &copy_(const Tensor &src, bool non_blocking = false) const;
  const Tensor &set_(const Tensor &source) const;
  Tensor view(IntArrayRef size) const;
  Tensor reshape(IntArrayRef shape) const;
  Tensor select(int64_t dim, int64_t index) const;
  Tensor index(std::initializer_list<int64_t> indices) const;
  Tensor narrow(int64_t dim, int64_t start, int64_t length) const;
  Tensor t() const;
  Tensor transpose(int64_t dim0, int64_t dim1) const;
  Tensor detach() const;
  std::vector<Tensor> split(int64_t split_size, int64_t dim = 0) const;
  std::vector<Tensor> unbind(int64_t dim = 0) const;
  template <typename T, size_t N> struct Accessor { T *data; };
  template <typename T, size_t N> Accessor<T, N> accessor() const &;
};

Tensor operator+(const Tensor &self, const Tensor &other);
Tensor operator+(const Tensor &self, const Scalar &other);
Tensor operator-(const Tensor &self, const Tensor &other);
Tensor operator*(const Tensor &self, const Tensor &other);
Tensor operator*(const Tensor &self, const Scalar &other);
Tensor operator/(const Tensor &self, const Scalar &other);
std::ostream &operator<<(std::ostream &out, const Tensor &t);

Tensor zeros(IntArrayRef size, TensorOptions options = {});
Tensor ones(IntArrayRef size, TensorOptions options = {});
Tensor empty(IntArrayRef size, TensorOptions options = {});
Tensor randn(IntArrayRef size, TensorOptions options = {});
Tensor full(IntArrayRef size, const Scalar &fill_value, TensorOptions options = {});
Tensor arange(const Scalar &end, TensorOptions options = {});
Tensor arange(const Scalar &start, const Scalar &end, const Scalar &step, TensorOptions options = {});
Tensor linspace(const Scalar &start, const Scalar &end, int64_t steps, TensorOptions options = {});
Tensor eye(int64_t n, TensorOptions options = {});
Tensor rand(IntArrayRef size, TensorOptions options = {});
Tensor tensor(ArrayRef<float> values, TensorOptions options = {});
Tensor zeros_like(const Tensor &self, TensorOptions options = {});
Tensor from_blob(void *data, IntArrayRef sizes, const TensorOptions &options = {});
Tensor matmul(const Tensor &self, const Tensor &other);
Tensor bmm(const Tensor &self, const Tensor &mat2);
Tensor cat(ArrayRef<Tensor> tensors, int64_t dim = 0);
Tensor stack(ArrayRef<Tensor> tensors, int64_t dim = 0);
Tensor softmax(const Tensor &self, int64_t dim, c10::optional<ScalarType> dtype = c10::nullopt);
Tensor &add_out(Tensor &out, const Tensor &self, const Tensor &other, const Scalar &alpha = 1);
Tensor &relu_(Tensor &self);
} // namespace at

namespace torch {
using namespace at; // as torch/types.h does
namespace nn { namespace functional {
inline at::Tensor relu(const at::Tensor &input, bool inplace = false);
}} // namespace nn::functional
struct NoGradGuard { NoGradGuard(); ~NoGradGuard(); };
} // namespace torch
