#pragma once

#include <QtCore/QCryptographicHash>
#include <QtCore/QStringList>

namespace RexOrm {

// Identifiers derived from table and column names stay within PostgreSQL's 63 and MySQL's 64
// characters: long ones keep a readable start and a hash of the whole.
inline QString boundedName(const QString &name)
{
    if (name.size() <= 60)
        return name;
    const QByteArray hash =
        QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1).toHex().left(8);
    return name.left(51) + u'_' + QString::fromLatin1(hash);
}

// "<table>_<columns>_<kind>": the name an index, unique key or foreign key gets by default.
inline QString defaultIndexName(const QString &table, const QStringList &columns,
                                const char *suffix)
{
    QString base = table;
    base.replace(u'.', u'_');
    return boundedName(base + u'_' + columns.join(u'_') + u'_' + QLatin1String(suffix));
}

} // namespace RexOrm
