#include "recentconnections.h"

#include <session/session.h>

#include <rexorm/database/databaseconfig.h>
#include <rexorm/error.h>

#include <QtCore/QSettings>

namespace RexOrm::Admin {

namespace {
constexpr int maxRecent = 10;
const QString recentKey = QStringLiteral("connections/recent");
} // namespace

QString withoutPassword(const QString &url)
{
    try {
        DatabaseConfig config = DatabaseConfig::fromUrl(Session::normalizeUrl(url));
        config.password.clear();
        return config.toUrl(true);
    } catch (const Error &) {
        return {}; // not a URL RexOrm reads: never stored
    }
}

QStringList recentConnections()
{
    return QSettings().value(recentKey).toStringList();
}

void rememberConnection(const QString &url, bool keepPassword)
{
    const QString stored = keepPassword ? Session::normalizeUrl(url) : withoutPassword(url);
    if (stored.isEmpty())
        return;
    QStringList recent = recentConnections();
    const QString bare = withoutPassword(stored);
    recent.removeIf([&](const QString &entry) { return withoutPassword(entry) == bare; });
    recent.prepend(stored);
    while (recent.size() > maxRecent)
        recent.removeLast();
    QSettings().setValue(recentKey, recent);
}

void forgetConnection(const QString &url)
{
    QStringList recent = recentConnections();
    const QString bare = withoutPassword(url);
    recent.removeIf([&](const QString &entry) { return withoutPassword(entry) == bare; });
    QSettings().setValue(recentKey, recent);
}

} // namespace RexOrm::Admin
