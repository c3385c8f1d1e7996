#pragma once

// Core types as QML sees them (QML_FOREIGN): the Core library knows nothing of QML.
#include <rexorm/model/model.h>

#include <QtQml/qqmlregistration.h>

namespace RexOrm::Quick {

// A compiled QObject model (a RexOrm::Model subclass) handed to QML keeps its type: QML reads
// and binds its Q_PROPERTYs, handles its saved() and removed() signals, and can test
// `value instanceof Model`. Repositories make them, in C++.
struct ForeignModel
{
    Q_GADGET
    QML_FOREIGN(RexOrm::Model)
    QML_NAMED_ELEMENT(Model)
    QML_UNCREATABLE("Models are made by repositories in C++")
};

} // namespace RexOrm::Quick
