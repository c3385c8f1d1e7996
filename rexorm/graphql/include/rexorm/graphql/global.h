#pragma once

#include <QtCore/qglobal.h>

#if defined(REXORM_GRAPHQL_BUILDING)
#define REXORM_GRAPHQL_EXPORT Q_DECL_EXPORT
#else
#define REXORM_GRAPHQL_EXPORT Q_DECL_IMPORT
#endif
