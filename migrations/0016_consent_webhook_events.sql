-- The institution's webhook is its general event endpoint: besides authorisation status changes it carries events
-- other modules queue (white-list pushes, …), which concern no authorisation. The event type is the payload's `event`.
ALTER TABLE consent_webhook_deliveries ALTER COLUMN authorisation_id DROP NOT NULL;
