#pragma once

#include <rexorm/meta/entityinfo.h>

namespace RexOrm::Cli {

// The C++ of a model class for an entity: Q_PROPERTY per column with the annotations that
// reproduce the entity (column names, types, keys, defaults, relations, indexes).
struct GeneratedModel
{
    QString headerFile; // "album.h"
    QString header;
    QString sourceFile; // empty for a Q_GADGET: it needs no source
    QString source;
};

GeneratedModel generateModel(const EntityInfo &entity, const QString &className, bool gadget);

// "ArtistId" -> "artistId", "first_name" -> "firstName"; never a C++ keyword.
QString propertyNameFor(const QString &column);

} // namespace RexOrm::Cli
