namespace PartnerSupport.Common;

/// <summary>
/// Every <c>code</c> a problem answer carries: stable slugs that clients match on, so each is
/// written here once and never changed.
/// </summary>
public static class ErrorCodes
{
    // Any request.

    /// <summary>400: fields of the request are missing or wrong; <c>errors</c> names each.</summary>
    public const string ValidationFailed = "validation-failed";

    /// <summary>400: the body is not JSON of the expected shape, or a route or query value is not of its type.</summary>
    public const string MalformedRequest = "malformed-request";

    /// <summary>401: no valid token or session.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>403: signed in, but the action is not the caller's to take.</summary>
    public const string NotAuthorized = "not-authorized";

    /// <summary>404: no such address.</summary>
    public const string NotFound = "not-found";

    /// <summary>405: the address does not take that method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>413: the body is larger than the service accepts.</summary>
    public const string PayloadTooLarge = "payload-too-large";

    /// <summary>415: the body is not of a content type the endpoint reads.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>429: the caller's rate limit is used up; Retry-After says when to try again.</summary>
    public const string TooManyRequests = "too-many-requests";

    /// <summary>500: the service failed; the fault is ours.</summary>
    public const string InternalError = "internal-error";

    /// <summary>503: the database cannot be reached; Retry-After says when to try again.</summary>
    public const string DatabaseUnavailable = "database-unavailable";

    // Webhook subscriptions.

    /// <summary>400: the webhook URL is not https, or its host resolves to a loopback, private, link-local or unique-local address.</summary>
    public const string WebhookUrlNotAllowed = "webhook-url-not-allowed";

    /// <summary>404: no such webhook subscription, or not the caller's organization's.</summary>
    public const string WebhookNotFound = "webhook-not-found";

    /// <summary>404: no such delivery of that subscription.</summary>
    public const string WebhookDeliveryNotFound = "webhook-delivery-not-found";

    /// <summary>409: a node is sending that delivery at this moment.</summary>
    public const string WebhookDeliveryInFlight = "webhook-delivery-in-flight";

    // Accounts and organizations.

    /// <summary>401: the e-mail or password is wrong, or the account is locked for a while.</summary>
    public const string InvalidCredentials = "invalid-credentials";

    /// <summary>The portal's single sign-on refused the provider's identity: no usable account has its verified e-mail.</summary>
    public const string SignInRefused = "sign-in-refused";

    /// <summary>409: an account with that e-mail exists.</summary>
    public const string EmailTaken = "email-taken";

    /// <summary>404: no such organization, or not the caller's.</summary>
    public const string OrganizationNotFound = "organization-not-found";

    /// <summary>404: no such account in the organization.</summary>
    public const string UserNotFound = "user-not-found";

    /// <summary>409: the change would leave the organization without an enabled global admin.</summary>
    public const string LastGlobalAdmin = "last-global-admin";

    /// <summary>401: the account has a second factor: the request needs a valid one-time code or unused recovery code.</summary>
    public const string MfaRequired = "mfa-required";

    /// <summary>403: Auth:RequireMfa says this account must enrol a second factor before anything else.</summary>
    public const string MfaEnrolmentRequired = "mfa-enrolment-required";

    /// <summary>409: the account already has a second factor.</summary>
    public const string MfaAlreadyEnabled = "mfa-already-enabled";

    /// <summary>404: no such API key in the organization.</summary>
    public const string ApiKeyNotFound = "api-key-not-found";

    /// <summary>400: the invitation token was used, revoked, has expired or never existed (one answer for all four).</summary>
    public const string InvitationInvalid = "invitation-invalid";

    /// <summary>404: no such invitation in the organization.</summary>
    public const string InvitationNotFound = "invitation-not-found";

    /// <summary>409: the invitation was accepted, revoked or has expired already.</summary>
    public const string InvitationNotPending = "invitation-not-pending";

    /// <summary>400: the password reset token is wrong, was used or has expired.</summary>
    public const string ResetTokenInvalid = "reset-token-invalid";

    /// <summary>409: an organization with that partner ID exists.</summary>
    public const string PartnerIdTaken = "partner-id-taken";

    /// <summary>409: the organization already has a customer with that tenant.</summary>
    public const string CustomerExists = "customer-exists";

    /// <summary>404: no customer with that tenant among the caller's organization's.</summary>
    public const string CustomerNotFound = "customer-not-found";

    // Products and plans.

    /// <summary>409: a product of that family and version exists.</summary>
    public const string ProductExists = "product-exists";

    /// <summary>404 (or 422 in a request's body): no such product.</summary>
    public const string ProductNotFound = "product-not-found";

    /// <summary>422: the chosen contract, plan or workload does not cover the product.</summary>
    public const string ProductNotCovered = "product-not-covered";

    /// <summary>404: no such paid support plan in the catalog.</summary>
    public const string PlanNotFound = "plan-not-found";

    // Benefits and activations.

    /// <summary>404: no such benefit in the caller's organization.</summary>
    public const string BenefitNotFound = "benefit-not-found";

    /// <summary>409: the benefit is active, being activated, or its membership has ended.</summary>
    public const string BenefitNotActivatable = "benefit-not-activatable";

    /// <summary>404: no such activation request.</summary>
    public const string ActivationNotFound = "activation-not-found";

    /// <summary>409: the activation was already completed or rejected.</summary>
    public const string ActivationNotPending = "activation-not-pending";

    /// <summary>409: the membership ended while the activation waited; it was rejected, no contract made.</summary>
    public const string MembershipEnded = "membership-ended";

    // Contracts.

    /// <summary>404: no such contract, or not one the caller may see (a wrong Access ID / Contract ID pair too).</summary>
    public const string ContractNotFound = "contract-not-found";

    /// <summary>409: the caller's account already holds the contract.</summary>
    public const string ContractAlreadyLinked = "contract-already-linked";

    /// <summary>409: the contract ended or was cancelled.</summary>
    public const string ContractExpired = "contract-expired";

    /// <summary>409: the contract starts later; no request can be opened on it yet.</summary>
    public const string ContractNotStarted = "contract-not-started";

    /// <summary>409: linking a contract with no incidents remaining.</summary>
    public const string ContractExhausted = "contract-exhausted";

    /// <summary>409: a setting that must not change while requests are open on the contract.</summary>
    public const string ContractHasOpenRequests = "contract-has-open-requests";

    /// <summary>409: the balance cannot give the incident a request or adjustment needs.</summary>
    public const string NoIncidentsRemaining = "no-incidents-remaining";

    /// <summary>404: no such link on the contract.</summary>
    public const string LinkNotFound = "link-not-found";

    /// <summary>429: too many wrong Access ID / Contract ID pairs; Retry-After says when to try again.</summary>
    public const string TooManyAttempts = "too-many-attempts";

    // Service requests.

    /// <summary>404: no such request, or not one the caller may read.</summary>
    public const string ServiceRequestNotFound = "service-request-not-found";

    /// <summary>409: someone else changed the request at the same moment to something else.</summary>
    public const string ServiceRequestChanged = "service-request-changed";

    /// <summary>409: another attempt with the same Idempotency-Key committed first; retry to get its answer.</summary>
    public const string IdempotencyKeyInUse = "idempotency-key-in-use";

    /// <summary>422: the Idempotency-Key was already used for a different request.</summary>
    public const string IdempotencyKeyReused = "idempotency-key-reused";

    /// <summary>409: the request is closed; reopen it to write to it.</summary>
    public const string ServiceRequestClosed = "service-request-closed";

    // Casework.

    /// <summary>404: no such attachment on the request, or not one the caller may see.</summary>
    public const string AttachmentNotFound = "attachment-not-found";

    /// <summary>413: the file is larger than Attachments:MaxBytes.</summary>
    public const string AttachmentTooLarge = "attachment-too-large";

    /// <summary>415: the file is an executable (by its content) or its extension is in Attachments:BlockedExtensions.</summary>
    public const string AttachmentTypeBlocked = "attachment-type-blocked";

    /// <summary>409: the request holds Attachments:MaxPerRequest files already.</summary>
    public const string TooManyAttachments = "too-many-attachments";
}
