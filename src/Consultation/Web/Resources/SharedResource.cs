namespace ConsultationPlatform.Web.Resources;

/// <summary>The interface text of the pages, by key: SharedResource.resx (English), .fr.resx, .es.resx beside this file.</summary>
public sealed class SharedResource;
