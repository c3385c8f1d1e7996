// rexorm sql "<statement>": runs one statement with bound parameters; prints rows or a count.
#include "../output_p.h"

#include <rexorm/cli/command.h>
#include <rexorm/model/record.h>

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>

namespace {

using namespace RexOrm::Cli;

class SqlCommand : public Command
{
public:
    QString name() const override { return QStringLiteral("sql"); }
    QString summary() const override
    {
        return QStringLiteral("Run one SQL statement and print its rows or row count");
    }
    void configure(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("statement"),
                                     QStringLiteral("The statement, with ? placeholders."));
        parser.addOption({{QStringLiteral("p"), QStringLiteral("param")},
                          QStringLiteral("A value bound to the next ? (repeatable)."),
                          QStringLiteral("value")});
    }
    int run(Context &context) const override
    {
        const QStringList arguments = context.arguments();
        if (arguments.size() != 1)
            throw UsageFailure(
                QStringLiteral("sql takes one statement (quote it); got %1 arguments")
                    .arg(arguments.size()));
        QVariantList params;
        for (const QString &value : context.parser().values(QStringLiteral("param")))
            params << value;
        RexOrm::Database db = context.database();
        const RexOrm::QueryResult result = db.execute(arguments.first(), params);
        if (context.json()) {
            QJsonObject object;
            if (!result.columns.isEmpty()) {
                object.insert(QStringLiteral("columns"),
                              QJsonArray::fromStringList(result.columns));
                QJsonArray rows;
                for (const QVariantList &row : result.rows) {
                    QJsonArray cells;
                    for (const QVariant &value : row)
                        cells << RexOrm::toJsonValue(value);
                    rows << cells;
                }
                object.insert(QStringLiteral("rows"), rows);
            }
            object.insert(QStringLiteral("rowsAffected"), result.rowsAffected);
            context.printJson(object);
            return Success;
        }
        if (result.columns.isEmpty()) {
            context.out() << result.rowsAffected << " row(s) affected\n";
            return Success;
        }
        QList<QStringList> rows;
        for (const QVariantList &row : result.rows) {
            QStringList cells;
            for (const QVariant &value : row)
                cells << displayText(value);
            rows << cells;
        }
        context.printTable(result.columns, rows);
        context.out() << "(" << result.size() << " row" << (result.size() == 1 ? "" : "s") << ")\n";
        return Success;
    }
};

} // namespace

REXORM_CLI_COMMAND(SqlCommand)
