#pragma once
// Include before any Boost.Math header (the build also passes these as definitions).
// - No promotion of double to long double: in wasm32 long double is a software 128-bit type and
//   made Boost.Math about 8x slower there, for no accuracy we need.
// - Errors are reported through return values we check, not exceptions: the wasm build has no
//   exception catching, and a throw there would abort the module.
#ifndef BOOST_MATH_PROMOTE_DOUBLE_POLICY
#define BOOST_MATH_PROMOTE_DOUBLE_POLICY false
#endif
#ifndef BOOST_MATH_DOMAIN_ERROR_POLICY
#define BOOST_MATH_DOMAIN_ERROR_POLICY ignore_error
#endif
#ifndef BOOST_MATH_EVALUATION_ERROR_POLICY
#define BOOST_MATH_EVALUATION_ERROR_POLICY ignore_error
#endif
#ifndef BOOST_MATH_OVERFLOW_ERROR_POLICY
#define BOOST_MATH_OVERFLOW_ERROR_POLICY ignore_error
#endif
