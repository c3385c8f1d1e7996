#pragma once

#include <QtCore/qglobal.h>

#if defined(REXORM_CORE_STATIC)
#define REXORM_CORE_EXPORT
#elif defined(REXORM_CORE_BUILDING)
#define REXORM_CORE_EXPORT Q_DECL_EXPORT
#else
#define REXORM_CORE_EXPORT Q_DECL_IMPORT
#endif
