#pragma once

#include <rexorm/global.h>

#include <QtCore/QString>
#include <QtCore/QVariantMap>

namespace RexOrm {

// Who is acting and on which request: filled by the server (or by the application) and read by
// model hooks and plugins, which need nothing from the server module. Each thread has its own
// current context; Database::run() and the *Async calls carry the caller's context to the
// executor thread that runs the work.
struct REXORM_CORE_EXPORT RequestContext
{
    QString user;           // the acting user (a JWT subject, an API key's name); empty: anonymous
    QString role;           // the role access rules were chosen by
    QString requestId;      // the server's id of the request, as in its access log
    QVariantMap attributes; // anything else the host wants hooks to see

    bool isEmpty() const { return user.isEmpty() && role.isEmpty() && requestId.isEmpty(); }

    // The calling thread's context: empty outside any Scope.
    static RequestContext current();

    class Scope;
};

// Makes a context current on the calling thread until the scope ends, then restores the
// previous one. Scopes nest.
class REXORM_CORE_EXPORT RequestContext::Scope
{
public:
    explicit Scope(RequestContext context);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

private:
    RequestContext m_previous;
};

} // namespace RexOrm
