#include <rexorm/graphql/api.h>
#include <rexorm/graphql/execution.h>
#include <rexorm/meta/decimal.h>

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>

#include <cmath>

// The scalars of the generated API beyond the specified ones.
namespace RexOrm::GraphQL {

namespace {

const QString jsonNumberSpec = QStringLiteral("https://www.rfc-editor.org/rfc/rfc8259#section-6");

[[noreturn]] void cannot(const char *scalar, const QString &what)
{
    throw Error(QStringLiteral("%1 cannot represent %2").arg(QLatin1String(scalar), what));
}

QString describe(const QJsonValue &value)
{
    if (value.isString())
        return printString(value.toString());
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 17);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return value.isArray() ? QStringLiteral("a list") : QStringLiteral("an object");
}

qint64 parseBigInt(const QString &text)
{
    static const QRegularExpression integer(QStringLiteral("^-?[0-9]+$"));
    bool ok = false;
    const qint64 n = integer.match(text).hasMatch() ? text.toLongLong(&ok) : 0;
    if (!ok)
        cannot("BigInt", QStringLiteral("\"%1\": expected a 64-bit integer").arg(text));
    return n;
}

Decimal parseDecimal(const QString &text)
{
    bool ok = false;
    const Decimal d = Decimal::fromString(text.trimmed(), &ok);
    if (!ok)
        cannot("Decimal", QStringLiteral("\"%1\": expected a decimal number").arg(text));
    return d;
}

QDateTime parseDateTime(const QString &text)
{
    QDateTime dt = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid())
        cannot("DateTime", QStringLiteral("\"%1\": expected an ISO 8601 date-time such as "
                                          "2024-05-01T12:30:00Z")
                               .arg(text));
    if (dt.timeSpec() == Qt::LocalTime) // no offset given: UTC, never the server's zone
        dt = QDateTime(dt.date(), dt.time(), Qt::UTC);
    return dt.toUTC();
}

QString formatDateTime(const QDateTime &dt)
{
    const QDateTime utc =
        dt.timeSpec() == Qt::LocalTime ? QDateTime(dt.date(), dt.time(), Qt::UTC) : dt.toUTC();
    return utc.toString(utc.time().msec() ? Qt::ISODateWithMs : Qt::ISODate);
}

QDate parseDate(const QString &text)
{
    const QDate d = QDate::fromString(text, Qt::ISODate);
    if (!d.isValid())
        cannot("Date",
               QStringLiteral("\"%1\": expected an ISO 8601 date such as 2024-05-01").arg(text));
    return d;
}

NamedType scalar(const char *name, const QString &description, const QString &url)
{
    NamedType t;
    t.kind = TypeKind::Scalar;
    t.name = QLatin1String(name);
    t.description = description;
    t.specifiedByUrl = url;
    return t;
}

// A literal that must be a string (or, where allowed, a number).
QString literalText(const Value &literal, bool numbers, const char *scalarName)
{
    if (literal.kind == Value::String ||
        (numbers && (literal.kind == Value::Int || (literal.kind == Value::Float))))
        return literal.text;
    cannot(scalarName, printValue(literal));
}

} // namespace

void addStandardScalars(Schema &schema)
{
    NamedType bigInt =
        scalar("BigInt", QStringLiteral("A 64-bit signed integer, written as a string of digits."),
               jsonNumberSpec);
    bigInt.coercion.serialize = [](const QVariant &value) -> QCborValue {
        bool ok = false;
        const qint64 n = value.toLongLong(&ok);
        if (!ok || value.metaType().id() == QMetaType::Double)
            cannot("BigInt", value.toString());
        return QString::number(n);
    };
    bigInt.coercion.parseValue = [](const QJsonValue &value) -> QVariant {
        if (value.isString())
            return parseBigInt(value.toString());
        const double d = value.toDouble();
        if (value.isDouble() && d == std::floor(d) && std::abs(d) <= 9007199254740991.0)
            return qint64(d);
        cannot("BigInt", describe(value));
    };
    bigInt.coercion.parseLiteral = [](const Value &literal) -> QVariant {
        if (literal.kind != Value::Int && literal.kind != Value::String)
            cannot("BigInt", printValue(literal));
        return parseBigInt(literal.text);
    };
    schema.addType(std::move(bigInt));

    NamedType decimal = scalar(
        "Decimal",
        QStringLiteral("An exact decimal number, written as a string (\"12.50\"): never rounded "
                       "through floating point."),
        jsonNumberSpec);
    decimal.coercion.serialize = [](const QVariant &value) -> QCborValue {
        if (value.metaType() == QMetaType::fromType<Decimal>())
            return value.value<Decimal>().toString();
        return parseDecimal(value.toString()).toString();
    };
    decimal.coercion.parseValue = [](const QJsonValue &value) -> QVariant {
        if (value.isString())
            return QVariant::fromValue(parseDecimal(value.toString()));
        if (value.isDouble())
            return QVariant::fromValue(parseDecimal(QString::number(value.toDouble(), 'g', 17)));
        cannot("Decimal", describe(value));
    };
    decimal.coercion.parseLiteral = [](const Value &literal) -> QVariant {
        return QVariant::fromValue(parseDecimal(literalText(literal, true, "Decimal")));
    };
    schema.addType(std::move(decimal));

    NamedType dateTime =
        scalar("DateTime",
               QStringLiteral("A date and time in ISO 8601 (RFC 3339), answered in UTC: "
                              "2024-05-01T12:30:00Z. Input without an offset is read as UTC."),
               QStringLiteral("https://www.rfc-editor.org/rfc/rfc3339#section-5.6"));
    dateTime.coercion.serialize = [](const QVariant &value) -> QCborValue {
        if (value.metaType().id() == QMetaType::QDateTime)
            return formatDateTime(value.toDateTime());
        return formatDateTime(parseDateTime(value.toString()));
    };
    dateTime.coercion.parseValue = [](const QJsonValue &value) -> QVariant {
        if (!value.isString())
            cannot("DateTime", describe(value));
        return parseDateTime(value.toString());
    };
    dateTime.coercion.parseLiteral = [](const Value &literal) -> QVariant {
        return parseDateTime(literalText(literal, false, "DateTime"));
    };
    schema.addType(std::move(dateTime));

    NamedType date =
        scalar("Date", QStringLiteral("A calendar date in ISO 8601 (RFC 3339): 2024-05-01."),
               QStringLiteral("https://www.rfc-editor.org/rfc/rfc3339#section-5.6"));
    date.coercion.serialize = [](const QVariant &value) -> QCborValue {
        const QDate d = value.metaType().id() == QMetaType::QDate ? value.toDate()
                                                                  : parseDate(value.toString());
        return d.toString(Qt::ISODate);
    };
    date.coercion.parseValue = [](const QJsonValue &value) -> QVariant {
        if (!value.isString())
            cannot("Date", describe(value));
        return parseDate(value.toString());
    };
    date.coercion.parseLiteral = [](const Value &literal) -> QVariant {
        return parseDate(literalText(literal, false, "Date"));
    };
    schema.addType(std::move(date));

    NamedType json = scalar("JSON", QStringLiteral("Any JSON value."),
                            QStringLiteral("https://www.rfc-editor.org/rfc/rfc8259"));
    json.coercion.serialize = [](const QVariant &value) -> QCborValue {
        return toResponseValue(value);
    };
    json.coercion.parseValue = [](const QJsonValue &value) -> QVariant {
        return QVariant::fromValue(value);
    };
    json.coercion.parseLiteral = [](const Value &literal) -> QVariant {
        return QVariant::fromValue(QJsonValue::fromVariant(literalValue(literal)));
    };
    schema.addType(std::move(json));
}

} // namespace RexOrm::GraphQL
