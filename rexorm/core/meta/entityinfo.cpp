#include <rexorm/meta/entityinfo.h>

namespace RexOrm {

QString RelationInfo::kindName(Kind kind)
{
    switch (kind) {
    case HasOne:
        return QStringLiteral("hasOne");
    case BelongsTo:
        return QStringLiteral("belongsTo");
    case HasMany:
        return QStringLiteral("hasMany");
    case BelongsToMany:
        return QStringLiteral("belongsToMany");
    }
    return {};
}

const ColumnInfo *EntityInfo::column(QStringView name) const
{
    for (const ColumnInfo &c : columns) {
        if (c.name == name)
            return &c;
    }
    return nullptr;
}

const ColumnInfo *EntityInfo::columnForProperty(QStringView property) const
{
    for (const ColumnInfo &c : columns) {
        if (c.property == property)
            return &c;
    }
    return nullptr;
}

const RelationInfo *EntityInfo::relation(QStringView name) const
{
    for (const RelationInfo &r : relations) {
        if (r.name == name)
            return &r;
    }
    return nullptr;
}

QStringList EntityInfo::columnNames() const
{
    QStringList names;
    for (const ColumnInfo &c : columns)
        names << c.name;
    return names;
}

QStringList EntityInfo::visibleColumnNames() const
{
    QStringList names;
    for (const ColumnInfo &c : columns) {
        if (!c.hidden)
            names << c.name;
    }
    return names;
}

const ColumnInfo *EntityInfo::versionColumn() const
{
    for (const ColumnInfo &c : columns) {
        if (c.version)
            return &c;
    }
    return nullptr;
}

} // namespace RexOrm
