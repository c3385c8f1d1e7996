#pragma once

#include <QtCore/QStringList>

namespace RexOrm::Admin {

// The connections opened lately, newest first, kept in QSettings ("connections/recent"). A URL
// is stored without its password unless keepPassword is set (the user asked for it).
QStringList recentConnections();
void rememberConnection(const QString &url, bool keepPassword);
void forgetConnection(const QString &url);
// The URL with its password removed (not masked): safe to store and to show.
QString withoutPassword(const QString &url);

} // namespace RexOrm::Admin
