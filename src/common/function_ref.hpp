#pragma once
// FunctionRef<R(Args...)>: a callable passed down, not kept: a pointer to the caller's callable
// and a function that calls it (as std::function_ref, C++26). Where std::function was only ever
// a parameter, this does its job without a heap copy or a virtual call, and without the code
// std::function's type erasure adds for each lambda (clone, destroy, target: about 7.7 KB of the
// wasm for nine lambdas). The callable must outlive the FunctionRef: bind it to a named lambda or
// pass a lambda straight to the call, never keep one made from a temporary beyond the call.
#include <memory>
#include <type_traits>
#include <utility>

namespace marginkit {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef> &&
                                              std::is_invocable_r_v<R, F&, Args...>>>
  FunctionRef(F&& f) noexcept  // NOLINT(google-explicit-constructor): as a std::function parameter
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace marginkit
