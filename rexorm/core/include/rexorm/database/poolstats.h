#pragma once

#include <rexorm/global.h>

#include <QtCore/QString>

namespace RexOrm {

struct REXORM_CORE_EXPORT PoolStats
{
    int open = 0;    // connections open now
    int inUse = 0;   // of those, leased to a thread
    int idle = 0;    // of those, free
    int waiting = 0; // threads waiting for a slot now
    int capacity = 0;
    quint64 created = 0;    // connections opened over the pool's life
    quint64 waits = 0;      // acquires that had to wait
    quint64 timeouts = 0;   // acquires that gave up (PoolExhaustedError)
    quint64 evictions = 0;  // idle connections of other threads closed to make room
    quint64 idleClosed = 0; // connections closed after idleTimeout
    quint64 replaced = 0;   // dead connections detected and replaced

    QString toString() const;
};

} // namespace RexOrm
