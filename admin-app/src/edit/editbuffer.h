#pragma once

#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QSet>
#include <QtCore/QVariantMap>

#include <optional>

namespace RexOrm::Admin {

// A stored row's identity in the grid: its key fields' values as compact JSON ("[42]").
using RowKey = QString;

// The edits of one entity's grid that are not applied yet: changed values of stored rows (with
// each row as it was read, to notice changes made elsewhere meanwhile), new rows and rows marked
// for deletion. Values are by column name, already converted to the column's type. The undo
// commands (editcommands.h) change it; Apply (changeapplier.h) writes it in one transaction.
class EditBuffer : public QObject
{
    Q_OBJECT
public:
    struct Update
    {
        QJsonObject original; // the row by GraphQL field, as read before the first edit
        QVariantMap values;   // by column
    };
    struct Insert
    {
        int id = 0; // local: new rows have no key yet
        QVariantMap values;
    };

    explicit EditBuffer(QObject *parent = nullptr);

    bool isEmpty() const;
    int rowCount() const; // rows with a pending edit, insert or delete
    void clear();

    // A pending value, or nothing when the stored value stands.
    std::optional<QVariant> value(const RowKey &key, const QString &column) const;
    // nullopt reverts the column to its stored value.
    void setValue(const RowKey &key, const QJsonObject &original, const QString &column,
                  const std::optional<QVariant> &value);
    const QHash<RowKey, Update> &updates() const { return m_updates; }
    void dropRow(const RowKey &key); // every pending change of the row (after "keep theirs")

    int addInsert(const QVariantMap &values, int id = 0); // returns the new row's id
    void removeInsert(int id);
    void setInsertValue(int id, const QString &column, const std::optional<QVariant> &value);
    const QList<Insert> &inserts() const { return m_inserts; }
    const Insert *insert(int id) const;

    void setDeleted(const RowKey &key, const QJsonObject &original, bool deleted);
    // Many rows at once, with one changed() (a bulk delete of thousands of rows).
    void setDeleted(const QHash<RowKey, QJsonObject> &rows, bool deleted);
    bool isDeleted(const RowKey &key) const { return m_deletes.contains(key); }
    const QHash<RowKey, QJsonObject> &deletes() const { return m_deletes; }

    // Validation messages by column, of a stored row (key) or a new one ("new:<id>").
    void setErrors(const QString &row, const QMap<QString, QStringList> &errors);
    void setColumnErrors(const QString &row, const QString &column, const QStringList &errors);
    QStringList errors(const QString &row, const QString &column) const;
    bool hasErrors() const;
    static QString insertRow(int id) { return QStringLiteral("new:%1").arg(id); }

    // A stored row with pending changes that was changed elsewhere since it was read.
    void setConflict(const RowKey &key, bool conflict);
    bool isConflict(const RowKey &key) const { return m_conflicts.contains(key); }
    bool touches(const RowKey &key) const
    {
        return m_updates.contains(key) || m_deletes.contains(key);
    }

signals:
    void changed(); // anything pending changed

private:
    QHash<RowKey, Update> m_updates;
    QList<Insert> m_inserts;
    QHash<RowKey, QJsonObject> m_deletes;
    QHash<QString, QMap<QString, QStringList>> m_errors;
    QSet<RowKey> m_conflicts;
    int m_nextInsertId = 1;
};

} // namespace RexOrm::Admin
