#pragma once

#include <rexorm/error.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QFutureWatcher>
#include <QtCore/QObject>

#include <exception>
#include <optional>
#include <type_traits>

namespace RexOrm::Admin {

// The text shown for a failure: RexOrm errors carry their own message (never a password).
inline QString errorText(const std::exception_ptr &error)
{
    try {
        std::rethrow_exception(error);
    } catch (const Error &e) {
        return e.message();
    } catch (const std::exception &e) {
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QCoreApplication::translate("RexOrm::Admin::Session", "Unknown error");
    }
}

// Calls done(result) or failed(message) on context's thread once future finishes; neither runs
// when context is destroyed first. The GUI thread never waits on the future.
template<typename T, typename Done, typename Failed>
void whenFinished(const QFuture<T> &future, QObject *context, Done done, Failed failed)
{
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done), failed = std::move(failed)]() mutable {
                         watcher->deleteLater();
                         QFuture<T> finished = watcher->future();
                         std::exception_ptr error;
                         std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> result;
                         try {
                             finished.waitForFinished(); // rethrows the work's exception
                             if (finished.isCanceled()) {
                                 failed(QCoreApplication::translate(
                                     "RexOrm::Admin::Session", "The database is shutting down."));
                                 return;
                             }
                             if constexpr (std::is_void_v<T>)
                                 result.emplace(true);
                             else
                                 result.emplace(finished.result());
                         } catch (...) {
                             error = std::current_exception();
                         }
                         if (error) {
                             failed(errorText(error));
                             return;
                         }
                         // Outside the try: what done() throws is not the work's failure.
                         if constexpr (std::is_void_v<T>)
                             done();
                         else
                             done(std::move(*result));
                     });
    watcher->setFuture(future);
}

} // namespace RexOrm::Admin
