#include "changeapplier.h"
#include "valueconversion.h"

#include <session/session.h>

#include <rexorm/model/entityrepository.h>
#include <rexorm/validation/validator.h>

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

namespace RexOrm::Admin {

namespace {

class ConflictsFound : public Error
{
public:
    ConflictsFound() : Error(QStringLiteral("conflicts")) {}
};

} // namespace

ApplyPlan ApplyPlan::of(const QString &entity, const EditBuffer &buffer)
{
    ApplyPlan plan;
    plan.entity = entity;
    plan.updates = buffer.updates();
    plan.inserts = buffer.inserts();
    plan.deletes = buffer.deletes();
    return plan;
}

QVariant keyValue(const EntityInfo &entity, const RowKey &key)
{
    const QJsonArray values = QJsonDocument::fromJson(key.toUtf8()).array();
    if (entity.primaryKey.size() == 1)
        return fromApiValue(*entity.column(entity.primaryKey.first()), values.at(0));
    QVariantMap map;
    for (qsizetype i = 0; i < entity.primaryKey.size(); ++i) {
        const QString &column = entity.primaryKey.at(i);
        map.insert(column, fromApiValue(*entity.column(column), values.at(i)));
    }
    return map;
}

QFuture<ApplyOutcome> applyEdits(const Session &session, const ApplyPlan &plan)
{
    const Database db = session.database();
    const EntityInfo *info = session.entity(plan.entity);
    const auto live = session.live();
    if (!info || !live)
        throw Error(QCoreApplication::translate("RexOrm::Admin::ChangeApplier",
                                                "%1 is not an entity of this database.")
                        .arg(plan.entity));
    auto entity = std::make_shared<const EntityInfo>(*info);
    return db.run([db, entity, live, plan]() -> ApplyOutcome {
        ApplyOutcome outcome;
        const EntityRepository repository(db, entity);
        // The row as the API shows it now, or nothing when it is gone. On the servers it stays
        // locked (FOR UPDATE) until the transaction ends, so nobody changes it between this
        // check and the write; SQLite's single writer fails the commit instead.
        const Dialect &dialect = db.dialect();
        QStringList conditions;
        for (const QString &column : entity->primaryKey)
            conditions << dialect.quoteIdentifier(column) + QStringLiteral(" = ?");
        const QString lockSql =
            QStringLiteral("SELECT * FROM %1 WHERE %2%3")
                .arg(dialect.quoteQualified(entity->qualifiedTable()),
                     conditions.join(QStringLiteral(" AND ")),
                     dialect.name() == u"sqlite" ? QString() : QStringLiteral(" FOR UPDATE"));
        const auto current = [&](const RowKey &key) -> std::optional<QJsonObject> {
            const QVariant value = keyValue(*entity, key);
            QVariantList params;
            if (entity->primaryKey.size() == 1) {
                params << value;
            } else {
                for (const QString &column : entity->primaryKey)
                    params << value.toMap().value(column);
            }
            const QueryResult row = db.execute(lockSql, params);
            if (row.isEmpty())
                return std::nullopt;
            return live->toFields(plan.entity, row.rowMap(0));
        };
        const auto changedElsewhere = [&](const RowKey &key, const QJsonObject &original) {
            const auto now = current(key);
            if (!now)
                return true;
            for (auto it = original.constBegin(); it != original.constEnd(); ++it) {
                if (now->value(it.key()) != it.value())
                    return true;
            }
            return false;
        };
        try {
            db.transaction([&] {
                if (!plan.overwrite) {
                    for (auto it = plan.deletes.constBegin(); it != plan.deletes.constEnd(); ++it) {
                        if (changedElsewhere(it.key(), it.value()))
                            outcome.conflicts << it.key();
                    }
                    for (auto it = plan.updates.constBegin(); it != plan.updates.constEnd(); ++it) {
                        if (!plan.deletes.contains(it.key()) &&
                            changedElsewhere(it.key(), it->original))
                            outcome.conflicts << it.key();
                    }
                    if (!outcome.conflicts.isEmpty())
                        throw ConflictsFound();
                }
                for (auto it = plan.deletes.constBegin(); it != plan.deletes.constEnd(); ++it) {
                    outcome.errorRow = it.key();
                    if (repository.remove(keyValue(*entity, it.key())))
                        ++outcome.rowsWritten;
                }
                for (auto it = plan.updates.constBegin(); it != plan.updates.constEnd(); ++it) {
                    if (plan.deletes.contains(it.key()))
                        continue;
                    outcome.errorRow = it.key();
                    repository.update(keyValue(*entity, it.key()), it->values);
                    ++outcome.rowsWritten;
                }
                for (const EditBuffer::Insert &insert : plan.inserts) {
                    outcome.errorRow = EditBuffer::insertRow(insert.id);
                    repository.create(insert.values);
                    ++outcome.rowsWritten;
                }
            });
            outcome.status = ApplyOutcome::Applied;
            outcome.errorRow.clear();
        } catch (const ConflictsFound &) {
            outcome.status = ApplyOutcome::Conflicts;
            outcome.rowsWritten = 0;
        } catch (const ValidationError &e) {
            outcome.status = ApplyOutcome::Invalid;
            outcome.errors = e.errors();
            outcome.message = e.message();
            outcome.rowsWritten = 0;
        } catch (const Error &e) {
            outcome.status = ApplyOutcome::Failed;
            outcome.message = e.message();
            outcome.rowsWritten = 0;
        }
        return outcome;
    });
}

} // namespace RexOrm::Admin
