-- The durable work of one POST /v1/payments (a pending mobile-money payment), in the hub's own tables and
-- indexes (bench/run.sh migrates the bench database with the hub first): the same rows, the same four commits,
-- rows of the same size. Read-only round trips (API key, account, idempotency lookup, advisory lock) are left out:
-- this is what the database must at least do per payment. (JSON literals keep a space after each colon: pgbench would
-- read ":name" as a variable.) Variables: -D merchant=<uuid> -D account=<uuid> -D run=<tag>.
-- As measured on the hub (pg_stat_statements): idempotency record insert (autocommit); payment + status change
-- "created" + event payment.created (one transaction); payment update + status change "pending" + event
-- payment.pending (one transaction); idempotency record completed with the response (autocommit).
\set hi random(1, 9223372036854775807)
\set lo random(1, 9223372036854775807)
INSERT INTO idempotency_records (merchant_id, key, method, path, request_hash, response_headers, created_at, expires_at)
  VALUES (:merchant::uuid, :run::text || '-' || :hi::text || '-' || :lo::text, 'POST', '/v1/payments', sha256(convert_to(:hi::text || '.' || :lo::text, 'UTF8')), '{}', now(), now() + interval '48 hours');
BEGIN;
INSERT INTO payments (id, merchant_id, livemode, status, amount, currency, method, provider, connector_account_id, connector_version,
    provider_reference, country, payer_phone, capture, installments, description, metadata, idempotency_key, created_at, updated_at,
    expires_at, next_reconcile_at)
  VALUES ((lpad(to_hex(:hi::bigint), 16, '0') || lpad(to_hex(:lo::bigint), 16, '0'))::uuid, :merchant::uuid, false, 'created', 1500, 'XAF',
    'mobile_money', 'mtn_momo', :account::uuid, '1.0.0', md5(:hi::text || '-' || :lo::text)::uuid::text, 'CM', '+237671234567', true, 1, 'bench order', '{}',
    :run::text || '-' || :hi::text || '-' || :lo::text, now(), now(), now() + interval '1 hour', now() + interval '30 seconds');
INSERT INTO payment_status_changes (payment_id, status, at)
  VALUES ((lpad(to_hex(:hi::bigint), 16, '0') || lpad(to_hex(:lo::bigint), 16, '0'))::uuid, 'created', now());
INSERT INTO events (id, merchant_id, livemode, type, object_type, object_id, data, created_at)
  VALUES (gen_random_uuid(), :merchant::uuid, false, 'payment.created', 'payment', (lpad(to_hex(:hi::bigint), 16, '0') || lpad(to_hex(:lo::bigint), 16, '0'))::uuid,
    '{"id": "pay_01M8SRHQB7FMVVHJ7RZP34FA6G", "card": null, "payer": {"name": null, "email": null, "phone": "+237671234567", "documentType": null, "documentNumber": null}, "amount": 1500, "method": "mobile_money", "object": "payment", "paidAt": null, "status": "pending", "country": "CM", "failure": null, "currency": "XAF", "livemode": false, "metadata": {}, "provider": "mtn_momo", "connector": {"id": "mtn_momo", "version": "1.0.0"}, "createdAt": "2026-12-01T21:35:37.319Z", "expiresAt": "2026-12-01T22:35:37.319Z", "updatedAt": "2026-12-01T21:35:37.356Z", "externalId": null, "nextAction": {"url": null, "type": "approve_on_phone", "qrCode": null, "message": "Approve the prompt on +237671234567", "expiresAt": null, "qrImageUrl": null}, "description": "bench order", "statusHistory": [{"at": "2026-12-01T21:35:37.319Z", "source": null, "status": "created"}, {"at": "2026-12-01T21:35:37.356Z", "source": "provider", "status": "pending"}], "amountRefunded": 0, "providerReference": "d5a870fa-af02-4870-bb19-c54910bd73b2"}', now());
COMMIT;
BEGIN;
UPDATE payments SET status = 'pending', provider_status = 'PENDING', updated_at = now(),
    next_action = '{"url": null, "type": "approve_on_phone", "qrCode": null, "message": "Approve the prompt on +237671234567", "expiresAt": null, "qrImageUrl": null}'
  WHERE id = (lpad(to_hex(:hi::bigint), 16, '0') || lpad(to_hex(:lo::bigint), 16, '0'))::uuid;
INSERT INTO payment_status_changes (payment_id, status, at, source, provider_status)
  VALUES ((lpad(to_hex(:hi::bigint), 16, '0') || lpad(to_hex(:lo::bigint), 16, '0'))::uuid, 'pending', now(), 'provider', 'PENDING');
INSERT INTO events (id, merchant_id, livemode, type, object_type, object_id, data, created_at)
  VALUES (gen_random_uuid(), :merchant::uuid, false, 'payment.pending', 'payment', (lpad(to_hex(:hi::bigint), 16, '0') || lpad(to_hex(:lo::bigint), 16, '0'))::uuid,
    '{"id": "pay_01M8SRHQB7FMVVHJ7RZP34FA6G", "card": null, "payer": {"name": null, "email": null, "phone": "+237671234567", "documentType": null, "documentNumber": null}, "amount": 1500, "method": "mobile_money", "object": "payment", "paidAt": null, "status": "pending", "country": "CM", "failure": null, "currency": "XAF", "livemode": false, "metadata": {}, "provider": "mtn_momo", "connector": {"id": "mtn_momo", "version": "1.0.0"}, "createdAt": "2026-12-01T21:35:37.319Z", "expiresAt": "2026-12-01T22:35:37.319Z", "updatedAt": "2026-12-01T21:35:37.356Z", "externalId": null, "nextAction": {"url": null, "type": "approve_on_phone", "qrCode": null, "message": "Approve the prompt on +237671234567", "expiresAt": null, "qrImageUrl": null}, "description": "bench order", "statusHistory": [{"at": "2026-12-01T21:35:37.319Z", "source": null, "status": "created"}, {"at": "2026-12-01T21:35:37.356Z", "source": "provider", "status": "pending"}], "amountRefunded": 0, "providerReference": "d5a870fa-af02-4870-bb19-c54910bd73b2"}', now());
COMMIT;
UPDATE idempotency_records SET completed_at = now(), response_status = 201,
    response_body = convert_to('{"id": "pay_01M8SRHQB7FMVVHJ7RZP34FA6G","object": "payment","livemode": false,"status": "pending","amount": 1500,"amountRefunded": 0,"currency": "XAF","method": "mobile_money","provider": "mtn_momo","connector": {"id": "mtn_momo","version": "1.0.0"},"providerReference": "d5a870fa-af02-4870-bb19-c54910bd73b2","country": "CM","nextAction": {"type": "approve_on_phone","message": "Approve the prompt on +237671234567","url": null,"qrCode": null,"qrImageUrl": null,"expiresAt": null},"payer": {"phone": "+237671234567","name": null,"email": null,"documentType": null,"documentNumber": null},"card": null,"failure": null,"statusHistory": [{"status": "created","at": "2026-12-01T21:35:37.319Z","source": null},{"status": "pending","at": "2026-12-01T21:35:37.356Z","source": "provider"}],"description": "bench order","externalId": null,"metadata": {},"createdAt": "2026-12-01T21:35:37.319Z","updatedAt": "2026-12-01T21:35:37.356Z","paidAt": null,"expiresAt": "2026-12-01T22:35:37.319Z"}', 'UTF8'),
    response_headers = '{"Location": "/v1/payments/pay_01M8SRHQB7FMVVHJ7RZP34FA6G", "Content-Type": "application/json; charset=utf-8"}'
  WHERE merchant_id = :merchant::uuid AND key = :run::text || '-' || :hi::text || '-' || :lo::text;
