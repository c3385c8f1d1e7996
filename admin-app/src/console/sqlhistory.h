#pragma once

#include <QtCore/QStringList>

namespace RexOrm::Admin {

// The statements run in SQL consoles, newest first, kept in QSettings under "console/sqlHistory":
// at most MaxEntries, each statement once.
class SqlHistory
{
public:
    static constexpr int MaxEntries = 100;
    static QString settingsKey();

    static QStringList load();
    // Records statement (trimmed) as the newest entry and saves; returns the new history.
    static QStringList record(const QString &statement);
    // history with statement as its newest entry, an earlier copy removed, capped at MaxEntries.
    static QStringList added(QStringList history, const QString &statement);
};

} // namespace RexOrm::Admin
