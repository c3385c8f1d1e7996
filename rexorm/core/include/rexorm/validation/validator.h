#pragma once

#include <rexorm/error.h>
#include <rexorm/meta/entityinfo.h>

#include <QtCore/QMap>
#include <QtCore/QVariantMap>

#include <functional>

namespace RexOrm {

// Every failed rule of a write, per column: {"name": ["Name cannot be empty"], ...}.
class REXORM_CORE_EXPORT ValidationError : public Error
{
public:
    explicit ValidationError(QString entity, QMap<QString, QStringList> errors);
    const QString &entity() const noexcept { return m_entity; }
    const QMap<QString, QStringList> &errors() const noexcept { return m_errors; }

private:
    QString m_entity;
    QMap<QString, QStringList> m_errors;
};

// Runs an entity's declarative rules (validate.* annotations, or rules put on an inspected
// EntityInfo) and C++ rules on a map of column values. The same rules serve models, GraphQL,
// the admin application and QML.
class REXORM_CORE_EXPORT Validator
{
public:
    enum class Mode {
        Insert, // a new row: every column is checked, absent ones as NULL
        Update, // a change: only the columns present in the map are checked
    };
    // A C++ rule: returns an error message, or an empty string when the value is fine. It sees
    // the whole map for rules across columns.
    using Rule = std::function<QString(const QVariant &value, const QVariantMap &row)>;

    // Adds a C++ rule for entity.column, for every Validator (thread-safe).
    static void addRule(const QString &entity, const QString &column, Rule rule);
    static void clearRules(const QString &entity);

    // Every failure, collected; empty when the row is valid.
    // columns, when given, limits the check to those columns; the rules still see the whole row.
    static QMap<QString, QStringList> check(const EntityInfo &entity, const QVariantMap &row,
                                            Mode mode, const QStringList &columns = {});
    // Adds the rules a table's definition implies, for entities read from a database (their
    // columns carry no validate.* annotations): required for a NOT NULL column the database does
    // not fill itself (no default, not auto-increment, not generated), maxLength for a sized text
    // column. A column that already has a rule of that kind keeps its own.
    static void addSchemaRules(EntityInfo &entity);
    // Throws ValidationError carrying every failure.
    static void validate(const EntityInfo &entity, const QVariantMap &row, Mode mode,
                         const QStringList &columns = {});
};

} // namespace RexOrm
