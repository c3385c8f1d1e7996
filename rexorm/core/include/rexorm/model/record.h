#pragma once

#include <rexorm/meta/entityinfo.h>

#include <QtCore/QHash>
#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QVariantMap>

#include <memory>

namespace RexOrm {

class Dialect;
class QueryResult;

// A row of any entity, compiled or inspected: its column values, the snapshot it was loaded
// with (for dirty tracking), and whether it exists in the database yet.
class REXORM_CORE_EXPORT Record
{
public:
    Record() = default;
    // A record keeps its entity alive: it may outlive the repository and the EntityInfo it came
    // from.
    explicit Record(std::shared_ptr<const EntityInfo> entity);
    explicit Record(const EntityInfo &entity); // takes a copy of the entity

    const EntityInfo *entity() const { return m_entity.get(); }
    const std::shared_ptr<const EntityInfo> &sharedEntity() const { return m_entity; }
    bool isNew() const { return m_new; }

    // Throw Error for a column the entity does not have.
    QVariant value(QStringView column) const;
    void setValue(const QString &column, const QVariant &value);
    void setValues(const QVariantMap &values);

    QVariantMap values() const { return m_values; }
    QVariantMap originalValues() const { return m_original; }
    QStringList dirtyColumns() const; // changed since loaded or saved, in column order
    QVariantMap changedValues() const;
    bool isDirty() const { return !dirtyColumns().isEmpty(); }
    QVariantMap primaryKey() const; // as loaded, so a changed key still finds its row

    // JSON without hidden columns. Decimals become strings, so no digit is lost; date-times
    // are ISO 8601 UTC; binary is base64.
    QJsonObject toJson() const;
    // Throws Error for a key that is not a column.
    static Record fromJson(std::shared_ptr<const EntityInfo> entity, const QJsonObject &json);
    static Record fromJson(const EntityInfo &entity, const QJsonObject &json);

    // Rows read from the database, converted to the entity's column types.
    static Record fromRow(std::shared_ptr<const EntityInfo> entity, const Dialect &dialect,
                          const QueryResult &result, qsizetype row);
    // The current values become the snapshot; the record now exists in the database.
    void markSaved();

    // Related rows loaded eagerly (EntityRepository::get(query, {"posts.comments"})): a list for
    // hasMany/belongsToMany, zero or one row for belongsTo/hasOne. Throws Error for a relation
    // that was not loaded.
    QList<Record> related(const QString &relation) const;
    bool hasRelated(const QString &relation) const { return m_related.contains(relation); }
    void setRelated(const QString &relation, QList<Record> records)
    {
        m_related.insert(relation, std::move(records));
    }
    // Extra pivot columns of a row reached through belongsToMany.
    QVariantMap pivot() const { return m_pivot; }
    void setPivot(QVariantMap pivot) { m_pivot = std::move(pivot); }

private:
    std::shared_ptr<const EntityInfo> m_entity;
    QVariantMap m_values;
    QVariantMap m_original;
    QHash<QString, QList<Record>> m_related;
    QVariantMap m_pivot;
    bool m_new = true;
};

// Converts a value to JSON the way Record::toJson() does.
REXORM_CORE_EXPORT QJsonValue toJsonValue(const QVariant &value);

} // namespace RexOrm
