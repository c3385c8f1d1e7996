#include "executor_p.h"

#include <rexorm/graphql/execution.h>
#include <rexorm/meta/decimal.h>

#include <QtCore/QCborArray>
#include <QtCore/QCborMap>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUuid>

#include <charconv>
#include <cmath>

namespace RexOrm::GraphQL {

FieldError::FieldError(QString message, QJsonObject extensions)
    : Error(std::move(message)), m_extensions(std::move(extensions))
{}

void writeJsonString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    qsizetype run = 0; // the start of the bytes that need no escape
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto u = static_cast<unsigned char>(utf8.at(i));
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        out.append(utf8.constData() + run, i - run);
        run = i + 1;
        switch (u) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 0xf];
        }
    }
    out.append(utf8.constData() + run, utf8.size() - run);
    out += '"';
}

static void writeDouble(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr - buffer);
}

void writeJson(QByteArray &out, const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::Integer:
        out += QByteArray::number(value.toInteger());
        break;
    case QCborValue::Double:
        writeDouble(out, value.toDouble());
        break;
    case QCborValue::True:
        out += "true";
        break;
    case QCborValue::False:
        out += "false";
        break;
    case QCborValue::String:
        writeJsonString(out, value.toString());
        break;
    case QCborValue::Array: {
        out += '[';
        bool first = true;
        for (const QCborValue &item : value.toArray()) {
            if (!first)
                out += ',';
            first = false;
            writeJson(out, item);
        }
        out += ']';
        break;
    }
    case QCborValue::Map: {
        out += '{';
        bool first = true;
        const QCborMap map = value.toMap();
        for (auto it = map.constBegin(); it != map.constEnd(); ++it) {
            if (!first)
                out += ',';
            first = false;
            writeJsonString(out, it.key().toString());
            out += ':';
            writeJson(out, it.value());
        }
        out += '}';
        break;
    }
    default:
        out += "null";
    }
}

namespace {

QString isoDateTime(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return {};
    // UTC with a Z, or the value's own offset: never a reading of the local zone per value.
    if (dateTime.timeSpec() == Qt::UTC || dateTime.timeSpec() == Qt::LocalTime)
        return dateTime.toUTC().toString(Qt::ISODateWithMs);
    return dateTime.toString(Qt::ISODateWithMs);
}

} // namespace

QByteArray toJson(const QCborValue &value)
{
    QByteArray out;
    writeJson(out, value);
    return out;
}

QCborValue toResponseValue(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return QCborValue(QCborValue::Null);
    const QMetaType meta = value.metaType();
    switch (meta.id()) {
    case QMetaType::Bool:
        return value.toBool();
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Long:
    case QMetaType::LongLong:
        return value.toLongLong();
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        return value.toULongLong() > quint64(std::numeric_limits<qint64>::max())
                   ? QCborValue(value.toDouble())
                   : QCborValue(value.toLongLong());
    case QMetaType::Float:
    case QMetaType::Double:
        return value.toDouble();
    case QMetaType::QString:
        return value.toString();
    case QMetaType::QByteArray:
        return QString::fromLatin1(value.toByteArray().toBase64());
    case QMetaType::QDateTime:
        return isoDateTime(value.toDateTime());
    case QMetaType::QDate:
        return value.toDate().toString(Qt::ISODate);
    case QMetaType::QTime:
        return value.toTime().toString(Qt::ISODateWithMs);
    case QMetaType::QUuid:
        return value.toUuid().toString(QUuid::WithoutBraces);
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        QCborArray array;
        for (const QVariant &item : value.toList())
            array.append(toResponseValue(item));
        return array;
    }
    case QMetaType::QVariantMap: {
        QCborMap map;
        const QVariantMap source = value.toMap();
        for (auto it = source.constBegin(); it != source.constEnd(); ++it)
            map.insert(it.key(), toResponseValue(it.value()));
        return map;
    }
    case QMetaType::QVariantHash: {
        QCborMap map;
        const QVariantHash source = value.toHash();
        for (auto it = source.constBegin(); it != source.constEnd(); ++it)
            map.insert(it.key(), toResponseValue(it.value()));
        return map;
    }
    case QMetaType::QJsonValue:
    case QMetaType::QJsonObject:
    case QMetaType::QJsonArray:
    case QMetaType::QJsonDocument:
        return QCborValue::fromJsonValue(QJsonValue::fromVariant(value));
    default:
        break;
    }
    if (meta == QMetaType::fromType<Decimal>())
        return value.value<Decimal>().toString();
    if (meta == QMetaType::fromType<QCborValue>())
        return value.value<QCborValue>();
    if (value.canConvert<QString>())
        return value.toString();
    return QCborValue(QCborValue::Null);
}

QByteArray ExecutionResult::toJson() const
{
    QByteArray out = "{";
    if (!errors.empty()) {
        QJsonArray list;
        for (const GraphQLError &e : errors)
            list.append(e.toJson());
        out += "\"errors\":";
        out += QJsonDocument(list).toJson(QJsonDocument::Compact);
        if (hasData)
            out += ',';
    }
    if (hasData) {
        out += "\"data\":";
        out += data.isEmpty() ? QByteArrayLiteral("null") : data;
    }
    out += '}';
    return out;
}

} // namespace RexOrm::GraphQL
