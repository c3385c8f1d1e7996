#pragma once

#include <rexorm/error.h>

class QThread;

namespace RexOrm {

// What happens when a thread that must never wait on SQL (a GUI thread) makes a synchronous
// database call: any call that takes a connection on that thread.
enum class BlockingCallPolicy {
    Allow, // nothing (the default for every thread)
    Warn,  // a warning on rexorm.pool naming the thread; the call goes on
    Throw, // BlockingCallError; the call does not run
    Abort, // qFatal: a debug build or a test stops at the offending call
};

// A synchronous call on a thread whose policy forbids them.
class REXORM_CORE_EXPORT BlockingCallError : public Error
{
public:
    using Error::Error;
};

// Sets the policy of one thread (typically the GUI thread: QCoreApplication's thread). The
// asynchronous API (executeAsync, run, transactionAsync) is unaffected: it runs on executors.
REXORM_CORE_EXPORT void setBlockingCallPolicy(QThread *thread, BlockingCallPolicy policy);
REXORM_CORE_EXPORT BlockingCallPolicy blockingCallPolicy(QThread *thread);

} // namespace RexOrm
