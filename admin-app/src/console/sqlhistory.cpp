#include "sqlhistory.h"

#include <QtCore/QSettings>

namespace RexOrm::Admin {

QString SqlHistory::settingsKey()
{
    return QStringLiteral("console/sqlHistory");
}

QStringList SqlHistory::load()
{
    QStringList history = QSettings().value(settingsKey()).toStringList();
    history.removeAll(QString());
    if (history.size() > MaxEntries)
        history.resize(MaxEntries);
    return history;
}

QStringList SqlHistory::record(const QString &statement)
{
    // Read again first: another console may have added entries since.
    const QStringList history = added(load(), statement);
    QSettings().setValue(settingsKey(), history);
    return history;
}

QStringList SqlHistory::added(QStringList history, const QString &statement)
{
    const QString entry = statement.trimmed();
    if (entry.isEmpty())
        return history;
    history.removeIf([&entry](const QString &old) { return old.trimmed() == entry; });
    history.prepend(entry);
    if (history.size() > MaxEntries)
        history.resize(MaxEntries);
    return history;
}

} // namespace RexOrm::Admin
