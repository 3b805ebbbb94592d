// iameval: offline AWS IAM policy evaluation.
//
// Linked into the tests of a ThreadSanitizer build only (CMakeLists.txt,
// "ThreadSanitizer"). Debian's Abseil is not compiled with
// -fsanitize=thread, so TSan does not see absl::Mutex::Lock / Unlock
// synchronise (they run uninstrumented, on atomics and futexes) and reports
// every access made under one such mutex from two threads as a data race.
// The linker redirects our calls of the two functions here (ld --wrap);
// these run the real ones between the mutex annotations that Abseil itself
// makes when it is built with TSan (ABSL_TSAN_MUTEX_* in mutex.cc). Nothing
// is suppressed: an access outside the lock still races.
//
// IAMEVAL_ABSL_MUTEX_LOCK / _UNLOCK are the mangled names of
// absl::Mutex::Lock() / Unlock(), which depend on Abseil's inline
// namespace; CMake derives them from absl/base/options.h.

#include <sanitizer/tsan_interface.h>

extern "C" {

void RealAbslMutexLock(void* mu) __asm__("__real_" IAMEVAL_ABSL_MUTEX_LOCK);
void RealAbslMutexUnlock(void* mu) __asm__("__real_" IAMEVAL_ABSL_MUTEX_UNLOCK);
void WrapAbslMutexLock(void* mu) __asm__("__wrap_" IAMEVAL_ABSL_MUTEX_LOCK);
void WrapAbslMutexUnlock(void* mu) __asm__("__wrap_" IAMEVAL_ABSL_MUTEX_UNLOCK);

void WrapAbslMutexLock(void* mu) {
  __tsan_mutex_pre_lock(mu, 0);
  RealAbslMutexLock(mu);
  __tsan_mutex_post_lock(mu, 0, 0);
}

void WrapAbslMutexUnlock(void* mu) {
  __tsan_mutex_pre_unlock(mu, 0);
  RealAbslMutexUnlock(mu);
  __tsan_mutex_post_unlock(mu, 0);
}

}  // extern "C"
