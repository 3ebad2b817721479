using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using PartnerSupport.Accounts;
using PartnerSupport.Alerts;
using PartnerSupport.Contracts;
using PartnerSupport.Customers;
using PartnerSupport.Entitlements;
using PartnerSupport.Organizations;
using PartnerSupport.Products;
using PartnerSupport.ServiceRequests;

namespace PartnerSupport.Storage;

public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityUserContext<User, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Benefit> Benefits => Set<Benefit>();
    public DbSet<Activation> Activations => Set<Activation>();
    public DbSet<SupportContract> SupportContracts => Set<SupportContract>();
    public DbSet<ContractLink> ContractLinks => Set<ContractLink>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<ServiceRequest> ServiceRequests => Set<ServiceRequest>();
    public DbSet<Casework.Message> Messages => Set<Casework.Message>();
    public DbSet<Casework.Attachment> Attachments => Set<Casework.Attachment>();
    public DbSet<Casework.AttachmentChunk> AttachmentChunks => Set<Casework.AttachmentChunk>();
    public DbSet<Casework.CaseEvent> CaseEvents => Set<Casework.CaseEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<WebhookMessage> WebhookMessages => Set<WebhookMessage>();
    public DbSet<Notifications.OutboundEvent> OutboundEvents => Set<Notifications.OutboundEvent>();
    public DbSet<Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Webhooks.WebhookSubscription>();
    public DbSet<Notifications.EmailMessage> EmailMessages => Set<Notifications.EmailMessage>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<RecoveryCode> RecoveryCodes => Set<RecoveryCode>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<PasswordResetToken> PasswordResetTokens => Set<PasswordResetToken>();

    /// <summary>ASP.NET Core Data Protection's key ring (portal cookies, antiforgery tokens), shared by every node.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date-time type: stored as text, DateTimeOffset cannot be compared or
        // ordered in SQL. As a binary (ticks + offset) number it can, and the instants are exact.
        if (Database.IsSqlite())
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<User>(e =>
        {
            e.Property(u => u.DisplayName).HasMaxLength(200);
            e.Property(u => u.AccountType).HasConversion<string>().HasMaxLength(16);
            e.Property(u => u.Language).HasMaxLength(16);
            // Existing accounts keep their mail: the column starts false for every row already there.
            e.Property(u => u.EmailNotificationsOff).HasDefaultValue(false);
            e.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.Property(u => u.TotpSecret).HasMaxLength(1000);
            // Existing accounts are enabled people: the columns came with a default for them.
            e.Property(u => u.Disabled).HasDefaultValue(false);
            e.Property(u => u.IsApiKey).HasDefaultValue(false);
        });

        builder.Entity<ApiKey>(e =>
        {
            e.Property(k => k.Name).HasMaxLength(200);
            e.Property(k => k.Prefix).HasMaxLength(32);
            e.Property(k => k.Hash).HasMaxLength(64);
            e.Property(k => k.CreatedBy).HasMaxLength(256);
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasIndex(k => k.OrganizationId);
            e.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(k => k.UserId).IsUnique();
        });

        builder.Entity<RecoveryCode>(e =>
        {
            e.Property(c => c.Hash).HasMaxLength(64);
            e.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(c => new { c.UserId, c.Hash }).IsUnique();
        });

        builder.Entity<Invitation>(e =>
        {
            e.Property(i => i.Email).HasMaxLength(256);
            e.Property(i => i.DisplayName).HasMaxLength(200);
            e.Property(i => i.TokenHash).HasMaxLength(64);
            e.Property(i => i.CreatedBy).HasMaxLength(256);
            e.HasIndex(i => i.TokenHash).IsUnique();
            e.HasIndex(i => i.OrganizationId);
            e.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(i => i.AcceptedUserId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<PasswordResetToken>(e =>
        {
            e.Property(t => t.TokenHash).HasMaxLength(64);
            e.HasIndex(t => t.TokenHash).IsUnique();
            e.HasIndex(t => t.UserId);
            e.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Organization>(e =>
        {
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.PartnerId).HasMaxLength(64);
            e.HasIndex(o => o.PartnerId).IsUnique();
            e.Property(o => o.CountryCode).HasMaxLength(2);
        });

        builder.Entity<Membership>(e =>
        {
            e.Property(m => m.Offer).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.Competency).HasMaxLength(100);
            e.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(m => m.OrganizationId);
        });

        builder.Entity<Product>(e =>
        {
            e.Property(p => p.Name).HasMaxLength(200);
            e.Property(p => p.Family).HasMaxLength(200);
            e.Property(p => p.Version).HasMaxLength(32);
            e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(p => p.Workload).HasMaxLength(64);
            e.HasIndex(p => new { p.Family, p.Version }).IsUnique();
        });

        builder.Entity<Benefit>(e =>
        {
            e.Property(b => b.Type).HasConversion<string>().HasMaxLength(32);
            e.Property(b => b.Name).HasMaxLength(200);
            e.Property(b => b.Scope).HasConversion<string>().HasMaxLength(16);
            e.Property(b => b.ActivationState).HasConversion<string>().HasMaxLength(16);
            e.Property(b => b.RejectionReason).HasMaxLength(1000);
            e.HasOne(b => b.Membership).WithMany().HasForeignKey(b => b.MembershipId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne(b => b.SupportContract).WithMany().HasForeignKey(b => b.SupportContractId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organization>().WithMany().HasForeignKey(b => b.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(b => new { b.MembershipId, b.Type }).IsUnique();
        });

        builder.Entity<Activation>(e =>
        {
            e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(a => a.CompletedBy).HasMaxLength(256);
            e.Property(a => a.RejectionReason).HasMaxLength(1000);
            e.HasOne<Benefit>().WithMany().HasForeignKey(a => a.BenefitId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.Status, a.ProcessAfter });
            e.HasIndex(a => a.BenefitId);
        });

        builder.Entity<SupportContract>(e =>
        {
            e.Property(c => c.AccessId).HasMaxLength(32);
            e.Property(c => c.ContractId).HasMaxLength(32);
            e.HasIndex(c => c.AccessId).IsUnique();
            e.HasIndex(c => c.ContractId).IsUnique();
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.Scope).HasConversion<string>().HasMaxLength(16);
            e.Property(c => c.DecrementOn).HasConversion<string>().HasMaxLength(16);
            e.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => c.OrganizationId);
            // The maintenance worker's question every minute: which ended contracts still lack
            // their expiry entry. Without it that is a scan of every contract.
            e.HasIndex(c => c.EndDate).HasFilter("\"ExpiryRecordedAt\" IS NULL");
            e.ToTable(t =>
            {
                t.HasCheckConstraint("CK_SupportContracts_RemainingIncidents", "\"RemainingIncidents\" >= 0");
                t.HasCheckConstraint("CK_SupportContracts_HeldIncidents", "\"HeldIncidents\" >= 0");
            });
        });

        builder.Entity<ContractLink>(e =>
        {
            e.HasOne(l => l.SupportContract).WithMany().HasForeignKey(l => l.SupportContractId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.UserId, l.SupportContractId }).IsUnique();
            e.HasIndex(l => l.SupportContractId);
        });

        builder.Entity<LedgerEntry>(e =>
        {
            e.ToTable("Ledger");
            e.Property(l => l.Kind).HasConversion<string>().HasMaxLength(16);
            e.Property(l => l.Actor).HasMaxLength(256);
            e.Property(l => l.Note).HasMaxLength(1000);
            e.HasOne<SupportContract>().WithMany().HasForeignKey(l => l.SupportContractId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(l => new { l.SupportContractId, l.Id });
        });

        builder.Entity<ServiceRequest>(e =>
        {
            e.Property(r => r.Title).HasMaxLength(200);
            e.Property(r => r.Description).HasMaxLength(10000);
            e.Property(r => r.Severity).HasConversion<string>().HasMaxLength(16);
            e.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.Resolution).HasConversion<string>().HasMaxLength(24);
            e.Property(r => r.SupportTopicId).HasMaxLength(64);
            e.Property(r => r.ContactFirstName).HasMaxLength(200);
            e.Property(r => r.ContactLastName).HasMaxLength(200);
            e.Property(r => r.ContactEmail).HasMaxLength(256);
            e.Property(r => r.AgentLocale).HasMaxLength(16);
            e.Property(r => r.SupportPlan).HasMaxLength(64);
            e.Property(r => r.CustomerTenantId).HasMaxLength(64);
            e.Property(r => r.Workload).HasMaxLength(64);
            e.Property(r => r.Charge).HasConversion<string>().HasMaxLength(16);
            e.Ignore(r => r.IncidentConsumed);
            e.HasOne<Product>().WithMany().HasForeignKey(r => r.ProductId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<SupportContract>().WithMany().HasForeignKey(r => r.SupportContractId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(r => new { r.OrganizationId, r.CreatedDate });
            e.HasIndex(r => new { r.CreatedByUserId, r.CreatedDate });
            e.HasIndex(r => r.SupportContractId);
            // The breach list reads open requests by due time.
            e.HasIndex(r => r.ResponseDueAt);
            e.Property(r => r.SearchText).HasMaxLength(10300);
            e.HasOne<User>().WithMany().HasForeignKey(r => r.AssignedToUserId).OnDelete(DeleteBehavior.Restrict);
            // The queue: by status (its default filter), then in its order (due time, creation, id)
            // so a page is read from the index in order; the same per assignee ("me", a colleague).
            e.HasIndex(r => new { r.Status, r.ResponseDueAt, r.CreatedDate, r.Id });
            e.HasIndex(r => new { r.AssignedToUserId, r.Status, r.ResponseDueAt, r.CreatedDate });
            e.HasIndex(r => new { r.ProductId, r.ResponseDueAt });
        });

        builder.Entity<Casework.Message>(e =>
        {
            e.Property(m => m.AuthorName).HasMaxLength(256);
            e.Property(m => m.Side).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.Visibility).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.Text).HasMaxLength(Casework.Message.MaxLength);
            e.Property(m => m.SearchText).HasMaxLength(Casework.Message.MaxLength);
            e.Ignore(m => m.IsPublic);
            e.HasOne<ServiceRequest>().WithMany().HasForeignKey(m => m.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorUserId).OnDelete(DeleteBehavior.Restrict);
            // A request's conversation, oldest first.
            e.HasIndex(m => new { m.ServiceRequestId, m.At });
        });

        builder.Entity<Casework.Attachment>(e =>
        {
            e.Property(a => a.FileName).HasMaxLength(255);
            e.Property(a => a.ContentType).HasMaxLength(128);
            e.Property(a => a.Sha256).HasMaxLength(64);
            e.Property(a => a.UploadedByName).HasMaxLength(256);
            e.HasOne<ServiceRequest>().WithMany().HasForeignKey(a => a.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Casework.Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<User>().WithMany().HasForeignKey(a => a.UploadedByUserId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(a => new { a.ServiceRequestId, a.At });
        });

        builder.Entity<Casework.AttachmentChunk>(e =>
        {
            e.HasKey(c => new { c.AttachmentId, c.Index });
            e.HasOne<Casework.Attachment>().WithMany().HasForeignKey(c => c.AttachmentId).OnDelete(DeleteBehavior.Restrict);
        });

        builder.Entity<Casework.CaseEvent>(e =>
        {
            e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(24);
            e.Property(c => c.ActorName).HasMaxLength(256);
            e.Property(c => c.Detail).HasMaxLength(1000);
            e.HasOne<ServiceRequest>().WithMany().HasForeignKey(c => c.ServiceRequestId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.ServiceRequestId, c.At });
        });

        builder.Entity<Customer>(e =>
        {
            e.Property(c => c.Name).HasMaxLength(200);
            e.Property(c => c.TenantId).HasMaxLength(64);
            e.Property(c => c.CountryCode).HasMaxLength(2);
            e.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(c => new { c.OrganizationId, c.TenantId }).IsUnique();
        });

        builder.Entity<Audit.AuditEntry>(e =>
        {
            e.ToTable("AuditLog");
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.ClientAddress).HasMaxLength(64);
            e.Property(a => a.Action).HasMaxLength(64);
            e.Property(a => a.Target).HasMaxLength(256);
            e.Property(a => a.Details).HasMaxLength(1000);
            e.HasIndex(a => a.Actor);
            e.HasIndex(a => a.Action);
        });

        builder.Entity<Alert>(e =>
        {
            e.Property(a => a.Kind).HasConversion<string>().HasMaxLength(16);
            e.HasOne<SupportContract>().WithMany().HasForeignKey(a => a.SupportContractId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            // Once per contract and kind, even when two nodes raise it at the same moment.
            e.HasIndex(a => new { a.SupportContractId, a.Kind }).IsUnique();
            e.HasIndex(a => new { a.OrganizationId, a.RaisedAt });
        });

        builder.Entity<WebhookMessage>(e =>
        {
            e.ToTable("WebhookOutbox");
            e.Property(m => m.EventType).HasMaxLength(64);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.LastError).HasMaxLength(1000);
            // A subscription's history goes with it: nothing is left to send it to.
            e.HasOne<Webhooks.WebhookSubscription>().WithMany().HasForeignKey(m => m.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => new { m.SubscriptionId, m.CreatedAt });
        });

        builder.Entity<Webhooks.WebhookSubscription>(e =>
        {
            e.Property(w => w.Url).HasMaxLength(Webhooks.CreateWebhookSubscription.MaxUrlLength);
            e.Property(w => w.Events).HasMaxLength(1000);
            e.Property(w => w.Description).HasMaxLength(200);
            e.Property(w => w.ProtectedSecret).HasMaxLength(1000);
            e.Property(w => w.CreatedBy).HasMaxLength(256);
            e.Ignore(w => w.EventList);
            e.HasOne<Organization>().WithMany().HasForeignKey(w => w.OrganizationId).OnDelete(DeleteBehavior.Restrict);
            e.HasIndex(w => w.OrganizationId);
        });

        builder.Entity<Notifications.OutboundEvent>(e =>
        {
            e.Property(x => x.EventType).HasMaxLength(64);
            e.HasIndex(x => x.MailedAt);
            e.HasIndex(x => x.HookedAt);
        });

        builder.Entity<Notifications.EmailMessage>(e =>
        {
            e.ToTable("EmailOutbox");
            e.Property(m => m.EventType).HasMaxLength(64);
            e.Property(m => m.RecipientAddress).HasMaxLength(256);
            e.Property(m => m.Language).HasMaxLength(16);
            e.Property(m => m.Subject).HasMaxLength(300);
            e.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
            e.Property(m => m.LastError).HasMaxLength(1000);
            // Every message written before was composed in the clear.
            e.Property(m => m.Sealed).HasDefaultValue(false);
            e.HasOne<Notifications.OutboundEvent>().WithMany().HasForeignKey(m => m.EventId).OnDelete(DeleteBehavior.Restrict);
            // One message per event and address, whatever happens to the fan-out's claim.
            e.HasIndex(m => new { m.EventId, m.RecipientAddress }).IsUnique();
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
        });

        builder.Entity<SigningKey>(e =>
        {
            e.HasKey(k => k.Generation);
            e.Property(k => k.Generation).ValueGeneratedNever();
            e.Property(k => k.KeyId).HasMaxLength(32);
            e.HasIndex(k => k.KeyId).IsUnique();
        });

        builder.Entity<IdempotencyRecord>(e =>
        {
            e.Property(r => r.Key).HasMaxLength(200);
            e.Property(r => r.RequestHash).HasMaxLength(64);
            e.HasIndex(r => new { r.UserId, r.Key }).IsUnique();
            e.HasIndex(r => r.ExpiresAt);
            e.HasOne<ServiceRequest>().WithMany().HasForeignKey(r => r.ServiceRequestId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
