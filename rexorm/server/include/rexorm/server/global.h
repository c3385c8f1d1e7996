#pragma once

#include <QtCore/qglobal.h>

#if defined(REXORM_SERVER_BUILDING)
#define REXORM_SERVER_EXPORT Q_DECL_EXPORT
#else
#define REXORM_SERVER_EXPORT Q_DECL_IMPORT
#endif
