#pragma once

// The tasks table the model tests watch, and what a model shows of it.
#include "entitylistmodel.h"

#include <rexorm/changes/changelog.h>
#include <rexorm/database/database.h>

#include "testdatabases.h"

namespace RexOrmTest {

// A fresh tasks (id, title, priority) table with these rows, and the change-log triggers on it,
// so every connection's writes are reported.
inline void createTasks(const RexOrm::Database &db, const QList<std::pair<QString, int>> &rows)
{
    RexOrm::ChangeLog::uninstall(db);
    dropTables(db, {QStringLiteral("tasks")});
    const QString name = db.dialect().name();
    const QString key = name == u"postgres" ? QStringLiteral("SERIAL PRIMARY KEY")
                        : name == u"sqlite" ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                                            : QStringLiteral("INTEGER PRIMARY KEY AUTO_INCREMENT");
    db.execute(QStringLiteral("CREATE TABLE tasks (id %1, title VARCHAR(80) NOT NULL, "
                              "priority INTEGER NOT NULL)")
                   .arg(key));
    for (const auto &[title, priority] : rows)
        db.execute(QStringLiteral("INSERT INTO tasks (title, priority) VALUES (?, ?)"),
                   {title, priority});
    RexOrm::ChangeLog::install(db, {QStringLiteral("tasks")});
}

// The titles a model shows, in its order.
inline QStringList titles(const RexOrm::Quick::EntityListModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.get(row).value(QStringLiteral("title")).toString();
    return out;
}

} // namespace RexOrmTest
