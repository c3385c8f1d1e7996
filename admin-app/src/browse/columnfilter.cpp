#include "columnfilter.h"

#include <rexorm/graphql/parser.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QRegularExpression>

namespace RexOrm::Admin {

std::optional<QJsonObject> parseColumnFilter(const ColumnInfo &column, const QString &text,
                                             QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return QJsonObject();
    if (trimmed == u"null")
        return QJsonObject{{QStringLiteral("isNull"), true}};
    // A GraphQL filter starts with "{" or an operator and a colon; other text ("Re: hello") is
    // a plain value.
    static const QRegularExpression graphqlFilter(
        QStringLiteral("^(\\{|(eq|neq|gt|gte|lt|lte|in|nin|like|ilike|isNull|and|or|not)\\s*:)"));
    if (graphqlFilter.match(trimmed).hasMatch()) {
        const QString literal = trimmed.startsWith(u'{') ? trimmed : u'{' + trimmed + u'}';
        try {
            const QVariant value = GraphQL::literalValue(GraphQL::parseValue(literal));
            if (value.metaType().id() != QMetaType::QVariantMap) {
                *error = QCoreApplication::translate("RexOrm::Admin::ColumnFilter",
                                                     "A filter is a list of conditions such as "
                                                     "gt: 5.");
                return std::nullopt;
            }
            return QJsonObject::fromVariantMap(value.toMap());
        } catch (const Error &e) {
            *error = e.message();
            return std::nullopt;
        }
    }
    switch (column.type) {
    case ColumnType::String:
    case ColumnType::Text:
        return QJsonObject{{QStringLiteral("ilike"), u'%' + trimmed + u'%'}};
    case ColumnType::SmallInt:
    case ColumnType::Integer:
    case ColumnType::Real:
    case ColumnType::Double: {
        bool ok = false;
        const double number = trimmed.toDouble(&ok);
        if (!ok) {
            *error =
                QCoreApplication::translate("RexOrm::Admin::ColumnFilter", "%1 is not a number.")
                    .arg(trimmed);
            return std::nullopt;
        }
        return QJsonObject{{QStringLiteral("eq"), number}};
    }
    case ColumnType::Boolean: {
        const QString lower = trimmed.toLower();
        if (lower != u"true" && lower != u"false" && lower != u"1" && lower != u"0") {
            *error = QCoreApplication::translate("RexOrm::Admin::ColumnFilter",
                                                 "Expected true or false.");
            return std::nullopt;
        }
        return QJsonObject{{QStringLiteral("eq"), lower == u"true" || lower == u"1"}};
    }
    default: // BigInt, Decimal, dates, UUIDs: the API takes their text
        return QJsonObject{{QStringLiteral("eq"), trimmed}};
    }
}

} // namespace RexOrm::Admin
