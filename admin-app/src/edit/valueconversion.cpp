#include "valueconversion.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QRegularExpression>
#include <QtCore/QUuid>

namespace RexOrm::Admin {

namespace {

std::optional<QDateTime> parseDateTime(const QString &text)
{
    QDateTime value = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!value.isValid())
        value = QDateTime::fromString(QString(text).replace(u' ', u'T'), Qt::ISODateWithMs);
    if (!value.isValid())
        return std::nullopt;
    if (value.timeSpec() == Qt::LocalTime) // no offset given: a wall-clock time, stored as UTC
        value.setTimeSpec(Qt::UTC);
    return value;
}

} // namespace

std::optional<QVariant> toColumnValue(const ColumnInfo &column, const QVariant &input,
                                      QString *error)
{
    if (input.isNull())
        return QVariant();
    const bool text = column.type == ColumnType::String || column.type == ColumnType::Text;
    const QString raw = input.toString();
    const QString trimmed = raw.trimmed();
    if (!text && trimmed.isEmpty())
        return QVariant();
    switch (column.type) {
    case ColumnType::String:
    case ColumnType::Text:
        return raw;
    case ColumnType::Boolean: {
        const QString lower = trimmed.toLower();
        if (lower == u"true" || lower == u"1" || lower == u"yes")
            return true;
        if (lower == u"false" || lower == u"0" || lower == u"no")
            return false;
        *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                             "Expected true or false.");
        return std::nullopt;
    }
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::BigInt: {
        bool ok = false;
        const qlonglong number = trimmed.toLongLong(&ok);
        if (!ok) {
            *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                                 "Expected a whole number.");
            return std::nullopt;
        }
        return number;
    }
    case ColumnType::Real:
    case ColumnType::Double: {
        bool ok = false;
        const double number = trimmed.toDouble(&ok);
        if (!ok) {
            *error =
                QCoreApplication::translate("RexOrm::Admin::ValueConversion", "Expected a number.");
            return std::nullopt;
        }
        return number;
    }
    case ColumnType::Decimal: {
        static const QRegularExpression decimal(QStringLiteral("^[+-]?(\\d+\\.?\\d*|\\.\\d+)$"));
        if (!decimal.match(trimmed).hasMatch()) {
            *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                                 "Expected a decimal number such as 12.50.");
            return std::nullopt;
        }
        return trimmed; // exact: bound as text, never through a double
    }
    case ColumnType::Date: {
        // A date, or the date of a date-time ("2024-12-31T00:00:00Z"), nothing else.
        const QDate date = trimmed.size() == 10     ? QDate::fromString(trimmed, Qt::ISODate)
                           : parseDateTime(trimmed) ? parseDateTime(trimmed)->date()
                                                    : QDate();
        if (!date.isValid()) {
            *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                                 "Expected a date such as 2024-12-31.");
            return std::nullopt;
        }
        return date;
    }
    case ColumnType::Time: {
        const QTime time = QTime::fromString(trimmed, Qt::ISODateWithMs);
        if (!time.isValid()) {
            *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                                 "Expected a time such as 13:45:00.");
            return std::nullopt;
        }
        return time;
    }
    case ColumnType::DateTime:
    case ColumnType::DateTimeTz: {
        const auto value = parseDateTime(trimmed);
        if (!value) {
            *error = QCoreApplication::translate(
                "RexOrm::Admin::ValueConversion",
                "Expected a date and time such as 2024-12-31T13:45:00Z.");
            return std::nullopt;
        }
        return *value;
    }
    case ColumnType::Json: {
        // One JSON value (any kind): parsed inside an array, which must then hold exactly one.
        QJsonParseError parseError;
        const QJsonDocument parsed =
            QJsonDocument::fromJson((u'[' + trimmed + u']').toUtf8(), &parseError);
        if (parseError.error == QJsonParseError::NoError && parsed.array().size() != 1) {
            *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                                 "Expected one JSON value.");
            return std::nullopt;
        }
        if (parseError.error != QJsonParseError::NoError) {
            *error =
                QCoreApplication::translate("RexOrm::Admin::ValueConversion", "Expected JSON: %1.")
                    .arg(parseError.errorString());
            return std::nullopt;
        }
        return trimmed;
    }
    case ColumnType::Uuid: {
        const QUuid uuid(trimmed);
        if (uuid.isNull() && trimmed != u"00000000-0000-0000-0000-000000000000") {
            *error =
                QCoreApplication::translate("RexOrm::Admin::ValueConversion", "Expected a UUID.");
            return std::nullopt;
        }
        return uuid.toString(QUuid::WithoutBraces);
    }
    case ColumnType::Binary:
        *error = QCoreApplication::translate("RexOrm::Admin::ValueConversion",
                                             "Binary values cannot be edited here.");
        return std::nullopt;
    }
    return raw;
}

QVariant fromApiValue(const ColumnInfo &column, const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QVariant();
    if (value.isObject() || value.isArray())
        return QString::fromUtf8(
            value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
                             : QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    QString ignored;
    return toColumnValue(column, value.toVariant(), &ignored).value_or(value.toVariant());
}

QString displayText(const QVariant &value)
{
    if (value.isNull())
        return {};
    switch (value.metaType().id()) {
    case QMetaType::QDateTime:
        return value.toDateTime().toString(Qt::ISODateWithMs);
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.toString();
    }
}

QString displayText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return {};
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

bool isEditable(const EntityInfo &entity, const ColumnInfo &column)
{
    return !entity.readOnly && !column.readOnly && !entity.primaryKey.isEmpty() &&
           column.type != ColumnType::Binary && !column.isArray;
}

} // namespace RexOrm::Admin
