import type { Subscription } from './types';

/** The subscription resource as Graph returns it. */
export function toGraphJson(subscription: Subscription) {
  return {
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.applicationId,
    changeType: subscription.changeType,
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: new Date(subscription.expiresAt).toISOString(),
    creatorId: subscription.creatorId,
    includeResourceData: subscription.includeResourceData,
    latestSupportedTlsVersion: subscription.latestSupportedTlsVersion,
    encryptionCertificate: subscription.encryptionCertificate,
    encryptionCertificateId: subscription.encryptionCertificateId,
    notificationUrlAppId: null,
    notificationContentType: null,
  };
}
