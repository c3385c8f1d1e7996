#include <rexorm/meta/decimal.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QMutex>
#include <QtCore/QRegularExpression>
#include <QtCore/QUrl>

#include <algorithm>
#include <map>
#include <vector>

namespace RexOrm {

namespace {

struct CustomRules
{
    QMutex mutex;
    std::map<std::pair<QString, QString>, std::vector<Validator::Rule>> rules;
};

CustomRules &customRules()
{
    static CustomRules rules;
    return rules;
}

bool isBlank(const QVariant &value)
{
    if (value.isNull() || !value.isValid())
        return true;
    if (value.metaType().id() == QMetaType::QString)
        return value.toString().trimmed().isEmpty();
    return false;
}

bool toNumber(const QVariant &value, double *number)
{
    bool ok = false;
    *number = value.metaType() == QMetaType::fromType<Decimal>() ? value.value<Decimal>().toDouble()
                                                                 : value.toDouble(&ok);
    return value.metaType() == QMetaType::fromType<Decimal>() || ok;
}

QString failure(const ValidationRule &rule, const QString &column, const QVariant &value)
{
    const QString text = value.toString();
    const auto message = [&](const QString &fallback) {
        return rule.message.isEmpty() ? fallback : rule.message;
    };
    if (rule.kind == u"required")
        return isBlank(value) ? message(QStringLiteral("%1 is required").arg(column)) : QString();
    if (value.isNull() || !value.isValid())
        return {}; // the other rules judge values, not their absence
    if (rule.kind == u"minLength")
        return text.size() < rule.argument.toInt()
                   ? message(QStringLiteral("%1 must be at least %2 characters")
                                 .arg(column)
                                 .arg(rule.argument.toInt()))
                   : QString();
    if (rule.kind == u"maxLength")
        return text.size() > rule.argument.toInt()
                   ? message(QStringLiteral("%1 must be at most %2 characters")
                                 .arg(column)
                                 .arg(rule.argument.toInt()))
                   : QString();
    if (rule.kind == u"min" || rule.kind == u"max") {
        double number = 0;
        if (!toNumber(value, &number))
            return message(QStringLiteral("%1 must be a number").arg(column));
        const double bound = rule.argument.toDouble();
        const bool bad = rule.kind == u"min" ? number < bound : number > bound;
        return bad ? message(QStringLiteral("%1 must be %2 %3")
                                 .arg(column,
                                      rule.kind == u"min" ? QStringLiteral("at least")
                                                          : QStringLiteral("at most"),
                                      QString::number(bound)))
                   : QString();
    }
    if (rule.kind == u"pattern") {
        const QRegularExpression pattern(
            QRegularExpression::anchoredPattern(rule.argument.toString()));
        return pattern.match(text).hasMatch()
                   ? QString()
                   : message(QStringLiteral("%1 has an invalid format").arg(column));
    }
    if (rule.kind == u"email") {
        static const QRegularExpression email(
            QStringLiteral("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$"));
        return email.match(text).hasMatch()
                   ? QString()
                   : message(QStringLiteral("%1 must be an email address").arg(column));
    }
    if (rule.kind == u"url") {
        const QUrl url(text, QUrl::StrictMode);
        const bool ok = url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https") &&
                        !url.host().isEmpty();
        return ok ? QString() : message(QStringLiteral("%1 must be an http(s) URL").arg(column));
    }
    if (rule.kind == u"oneOf") {
        const QStringList choices = rule.argument.toStringList();
        return choices.contains(text)
                   ? QString()
                   : message(QStringLiteral("%1 must be one of %2")
                                 .arg(column, choices.join(QStringLiteral(", "))));
    }
    throw Error(QStringLiteral("Unknown validation rule \"%1\" on %2").arg(rule.kind, column));
}

} // namespace

static QString describe(const QString &entity, const QMap<QString, QStringList> &errors)
{
    QStringList parts;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        parts << it.key() + QStringLiteral(": ") + it.value().join(QStringLiteral("; "));
    return QStringLiteral("Validation of %1 failed: %2")
        .arg(entity, parts.join(QStringLiteral(" | ")));
}

ValidationError::ValidationError(QString entity, QMap<QString, QStringList> errors)
    : Error(describe(entity, errors)), m_entity(std::move(entity)), m_errors(std::move(errors))
{}

void Validator::addRule(const QString &entity, const QString &column, Rule rule)
{
    CustomRules &custom = customRules();
    QMutexLocker lock(&custom.mutex);
    custom.rules[{entity, column}].push_back(std::move(rule));
}

void Validator::clearRules(const QString &entity)
{
    CustomRules &custom = customRules();
    QMutexLocker lock(&custom.mutex);
    std::erase_if(custom.rules, [&](const auto &entry) { return entry.first.first == entity; });
}

QMap<QString, QStringList> Validator::check(const EntityInfo &entity, const QVariantMap &row,
                                            Mode mode, const QStringList &columns)
{
    QMap<QString, QStringList> errors;
    std::map<std::pair<QString, QString>, std::vector<Rule>> custom;
    {
        CustomRules &all = customRules();
        QMutexLocker lock(&all.mutex);
        for (const auto &[key, rules] : all.rules) {
            if (key.first == entity.name)
                custom[key] = rules;
        }
    }
    for (const ColumnInfo &column : entity.columns) {
        const bool present = row.contains(column.name);
        if (mode == Mode::Update && !present)
            continue;
        if (!columns.isEmpty() && !columns.contains(column.name))
            continue;
        const QVariant value = row.value(column.name);
        for (const ValidationRule &rule : column.rules) {
            if (const QString message = failure(rule, column.name, value); !message.isEmpty())
                errors[column.name] << message;
        }
        if (const auto it = custom.find({entity.name, column.name}); it != custom.end()) {
            for (const Rule &rule : it->second) {
                if (const QString message = rule(value, row); !message.isEmpty())
                    errors[column.name] << message;
            }
        }
    }
    for (auto it = row.begin(); it != row.end(); ++it) {
        if (!entity.column(it.key()))
            errors[it.key()] << QStringLiteral("%1 has no column %2").arg(entity.name, it.key());
    }
    return errors;
}

void Validator::addSchemaRules(EntityInfo &entity)
{
    const auto hasRule = [](const ColumnInfo &column, const QString &kind) {
        return std::any_of(column.rules.cbegin(), column.rules.cend(),
                           [&](const ValidationRule &rule) { return rule.kind == kind; });
    };
    for (ColumnInfo &column : entity.columns) {
        const bool filledByDatabase = column.autoIncrement || column.readOnly ||
                                      column.defaultValue.isValid() ||
                                      !column.defaultExpression.isEmpty();
        if (!column.nullable && !filledByDatabase && !hasRule(column, QStringLiteral("required")))
            column.rules.append({QStringLiteral("required"), {}, {}});
        const bool text = column.type == ColumnType::String;
        if (text && column.length > 0 && !hasRule(column, QStringLiteral("maxLength")))
            column.rules.append({QStringLiteral("maxLength"), column.length, {}});
    }
}

void Validator::validate(const EntityInfo &entity, const QVariantMap &row, Mode mode,
                         const QStringList &columns)
{
    const QMap<QString, QStringList> errors = check(entity, row, mode, columns);
    if (!errors.isEmpty())
        throw ValidationError(entity.name, errors);
}

} // namespace RexOrm
