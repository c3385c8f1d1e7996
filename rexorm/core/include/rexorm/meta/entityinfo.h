#pragma once

#include <rexorm/database/dialect.h>
#include <rexorm/global.h>

#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

struct QMetaObject;

namespace RexOrm {

// One declarative validation rule of a column (see docs/models.md for the kinds).
struct REXORM_CORE_EXPORT ValidationRule
{
    QString kind;      // required, minLength, maxLength, min, max, pattern, email, url, oneOf
    QVariant argument; // the rule's value: a length, a bound, a pattern, a list of choices
    QString message;   // shown when the rule fails; empty for the default message
};

struct REXORM_CORE_EXPORT ColumnInfo
{
    QString name;           // the column in the database
    QString property;       // the Q_PROPERTY it maps to; empty for inspected entities
    int propertyIndex = -1; // its index in the QMetaObject
    ColumnType type = ColumnType::Text;
    QMetaType metaType;   // the C++ type of the property or, for inspected columns, of the values
    QString databaseType; // the type as the database names it ("varchar(160)", "jsonb", "_int4")
    bool nullable = true;
    bool primaryKey = false;
    bool autoIncrement = false;
    bool unique = false;
    bool hidden = false;   // never leaves the process: not in JSON, GraphQL or the admin grid
    bool version = false;  // optimistic-locking counter
    bool readOnly = false; // generated, or part of a view
    bool isArray = false;  // PostgreSQL arrays
    int length = 0;
    int precision = 0;
    int scale = 0;
    QVariant defaultValue;     // a literal default
    QString defaultExpression; // a default the database computes (CURRENT_TIMESTAMP, nextval(...))
    QStringList enumValues;    // PostgreSQL enums
    QList<ValidationRule> rules;

    TypeSpec typeSpec() const { return {type, length, precision, scale}; }
};

struct REXORM_CORE_EXPORT RelationInfo
{
    enum Kind { HasOne, BelongsTo, HasMany, BelongsToMany };
    QString name;
    Kind kind = HasMany;
    QString target;          // the related entity's name
    QString foreignKey;      // belongsTo: on this entity; hasOne/hasMany: on the target
    QString localKey;        // the referenced key: this entity's (has*) or the target's (belongsTo)
    QString pivotTable;      // belongsToMany
    QString pivotForeignKey; // pivot column pointing at this entity
    QString pivotRelatedKey; // pivot column pointing at the target
    QStringList pivotColumns; // extra pivot columns loaded with the relation

    static QString kindName(Kind kind);
};

struct REXORM_CORE_EXPORT ForeignKeyInfo
{
    QString name;
    QStringList columns;
    QString referencedTable; // possibly "schema.table"
    QStringList referencedColumns;
    QString onDelete; // "CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT"; empty: NO ACTION
    QString onUpdate;
};

struct REXORM_CORE_EXPORT IndexInfo
{
    QString name;
    QStringList columns;
    bool unique = false;
};

// Everything RexOrm knows about one entity: a compiled model or a table read from a database.
struct REXORM_CORE_EXPORT EntityInfo
{
    QString name;   // the class name, or one derived from the table
    QString schema; // empty for the default schema
    QString table;
    const QMetaObject *metaObject = nullptr; // compiled models only
    bool isGadget = false;                   // a Q_GADGET value type rather than a QObject
    bool readOnly = false;                   // a view
    QList<ColumnInfo> columns;
    QStringList primaryKey; // column names; several for a composite key
    QList<RelationInfo> relations;
    QList<ForeignKeyInfo> foreignKeys;
    QList<IndexInfo> indexes;

    QString qualifiedTable() const { return schema.isEmpty() ? table : schema + u'.' + table; }
    const ColumnInfo *column(QStringView name) const;
    const ColumnInfo *columnForProperty(QStringView property) const;
    const RelationInfo *relation(QStringView name) const;
    QStringList columnNames() const;
    QStringList visibleColumnNames() const; // without hidden ones
    const ColumnInfo *versionColumn() const;
};

} // namespace RexOrm
