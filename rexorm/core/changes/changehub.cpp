#include <rexorm/changes/changehub.h>

namespace RexOrm {

QString ChangeEvent::operationName(Operation operation)
{
    switch (operation) {
    case Insert:
        return QStringLiteral("insert");
    case Update:
        return QStringLiteral("update");
    case Delete:
        return QStringLiteral("delete");
    }
    return {};
}

ChangeHub::ChangeHub(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<RexOrm::ChangeEvent>();
}

void ChangeHub::publish(ChangeEvent event)
{
    event.sequence = ++m_sequence;
    event.timestamp = QDateTime::currentDateTimeUtc();
    emit changed(event);
}

} // namespace RexOrm
